// Test helpers of the ingest tests: ffmpeg's test source as an encoder, and polling.

/** ffmpeg sending `seconds` of 320x240 test video + a tone to `url` in real time, as FLV or MPEG-TS. */
export function encoder(
  url: string,
  seconds: number,
  format: "flv" | "mpegts" = "flv",
): Deno.ChildProcess {
  const args = [
    ...["-hide_banner", "-v", "error", "-re"],
    ...["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30"],
    ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"],
    ...["-t", String(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency"],
    ...["-g", "30", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-f", format, url],
  ];
  return new Deno.Command("ffmpeg", { args, stdout: "null", stderr: "piped" }).spawn();
}

/** The encoder's exit code and error output. */
export async function finished(p: Deno.ChildProcess): Promise<{ code: number; stderr: string }> {
  const out = await p.output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

/** Polls `f` every 200 ms until it returns a value. */
export async function poll<T>(
  what: string,
  f: () => Promise<T | undefined>,
  timeoutMs = 40_000, // ffmpeg start-up and first segments take seconds on a busy machine
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
