// One ffmpeg per ingested track kind: FLV tags in on stdin, fragmented MP4 out
// on stdout. H.264 and AAC are copied; other codecs are transcoded (H.264
// veryfast/zerolatency, AAC) so every viewer can play them.
import { FlvTagType, flvHeader, flvTag } from "./flv.ts";
import { INGEST_VIDEO_TIMESCALE } from "./flv-init.ts";
import { type Fmp4Events, Fmp4Stream } from "./fmp4-stream.ts";

/** Target fragment length: a Partial Segment of LL-HLS, a MoQT Object on the relay. */
export const INGEST_FRAGMENT_US = 500_000;

/**
 * Media ffmpeg reads before it starts remuxing, µs. The FLV demuxer announces
 * streams as tags arrive, so ffmpeg would probe for its whole default 5 s; the
 * codec configuration (sequence header, first frames) is in the first few tags,
 * which is all the init segment needs (avcC, AAC sample rate and channels).
 */
export const INGEST_ANALYZE_US = 100_000;

function ffmpegArgs(kind: FlvTagType, copy: boolean): string[] {
  // No frame-rate estimate either (by default ffmpeg waits for 20 video frames):
  // fragments are timed by the FLV timestamps.
  const probe = ["-analyzeduration", String(INGEST_ANALYZE_US), "-fpsprobesize", "0"];
  const input = ["-hide_banner", "-v", "error", "-nostdin", ...probe, "-f", "flv", "-i", "pipe:0"];
  // The init segment leaves at once, not with the first fragment.
  const fragmented = ["-flush_packets", "1", "-f", "mp4"];
  fragmented.push("-frag_duration", String(INGEST_FRAGMENT_US));
  if (kind === FlvTagType.Video) {
    const codec = copy
      ? ["-c:v", "copy"]
      : ["-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-pix_fmt", "yuv420p"];
    const flags = ["-movflags", "+frag_keyframe+empty_moov+default_base_moof"];
    // The timescale of the init segment published from the sequence header (flv-init.ts).
    const timescale = ["-video_track_timescale", String(INGEST_VIDEO_TIMESCALE)];
    return [...input, "-map", "0:v:0", ...codec, ...timescale, ...fragmented, ...flags, "pipe:1"];
  }
  const codec = copy ? ["-c:a", "copy"] : ["-c:a", "aac", "-b:a", "128k"];
  const flags = ["-movflags", "+empty_moov+default_base_moof"];
  return [...input, "-map", "0:a:0", ...codec, ...fragmented, ...flags, "pipe:1"];
}

/** A running remux of one track kind. */
export class TrackRemuxer {
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #done: Promise<void>;
  #writes: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(
    readonly kind: FlvTagType,
    /** H.264 / AAC copied (true) or transcoded. */
    readonly copy: boolean,
    on: Fmp4Events & { failed(message: string): void },
  ) {
    const child = new Deno.Command("ffmpeg", {
      args: ffmpegArgs(kind, copy),
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#child = child;
    this.#writer = child.stdin.getWriter();
    this.#enqueue(flvHeader(kind));
    const stream = new Fmp4Stream(on);
    const read = (async () => {
      for await (const chunk of child.stdout) stream.push(chunk);
    })();
    const errors = new Response(child.stderr).text();
    this.#done = Promise.all([read, errors, child.status]).then(([, text, status]) => {
      if (!status.success && !this.#closed)
        on.failed(text.trim().split("\n").at(-1) ?? "ffmpeg failed");
    });
  }

  #enqueue(bytes: Uint8Array): void {
    this.#writes = this.#writes.then(() => this.#writer.write(bytes)).catch(() => {});
  }

  /** Hands one RTMP media message body (an FLV tag body) to ffmpeg. */
  write(timestampMs: number, body: Uint8Array): void {
    if (!this.#closed) this.#enqueue(flvTag(this.kind, timestampMs, body));
  }

  /** Ends the input; resolves once ffmpeg wrote its last fragment and exited. */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      await this.#writes;
      await this.#writer.close().catch(() => {});
    }
    await this.#done;
  }

  /** Stops ffmpeg at once (no final fragment). */
  kill(): void {
    this.#closed = true;
    try {
      this.#child.kill("SIGKILL");
    } catch {
      // already exited
    }
  }
}
