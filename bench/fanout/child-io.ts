// What the fan-out benches' Deno child processes share: JSON lines to the parent
// on stdout, commands from it on stdin, and the wall clock their payloads carry.

declare const Deno: { readonly stdin: { readonly readable: ReadableStream<Uint8Array> } };

/** Bytes per BYOB read of a QUIC receive stream (Deno's default reader allocates 64 KiB per read). */
export const READ_BYTES = 4096;

/** Wall-clock ms, comparable across processes on this machine. */
export const nowMs = () => performance.timeOrigin + performance.now();

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** One JSON line to the parent. */
export const say = (o: unknown) => console.log(JSON.stringify(o));

/** The parent's commands, one trimmed line at a time. */
export async function* lines(): AsyncGenerator<string> {
  const reader = Deno.stdin.readable.getReader();
  const text = new TextDecoder();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += text.decode(value, { stream: true });
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      yield buf.slice(0, i).trim();
      buf = buf.slice(i + 1);
    }
  }
}
