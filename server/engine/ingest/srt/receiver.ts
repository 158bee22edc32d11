// One accepted SRT caller: a private ffmpeg SRT listener on loopback receives
// its stream, the caller's packets relayed to it unchanged (only the SYN cookie
// of its handshakes is swapped for ffmpeg's own), and ffmpeg hands the media
// on as FLV tags, the same messages RTMP carries.
import { FlvReader } from "../flv-reader.ts";
import type { IngestSession } from "../ingest-session.ts";
import {
  HandshakeType,
  inductionRequest,
  isHandshake,
  parseHandshake,
  withCookie,
} from "./handshake.ts";

/** How long ffmpeg may take to answer the relayed handshake. */
const CONNECT_TIMEOUT_MS = 10_000;
const INDUCTION_RETRY_MS = 50;
/**
 * Media ffmpeg reads to learn the streams before it passes any on, µs. An
 * MPEG-TS muxer packs audio into PES packets of about 350 ms, so much less
 * than this misses the audio's sample rate and channels.
 */
const ANALYZE_US = 1_000_000;

function ffmpegArgs(port: number): string[] {
  // ffmpeg gives up listening on its own, so a receiver whose server went away never lingers.
  const listenTimeoutUs = (CONNECT_TIMEOUT_MS + 2000) * 1000;
  const url = `srt://127.0.0.1:${port}?mode=listener&listen_timeout=${listenTimeoutUs}`;
  const probe = ["-analyzeduration", String(ANALYZE_US)];
  const input = ["-hide_banner", "-v", "error", "-nostdin", ...probe, "-f", "mpegts", "-i", url];
  const copy = ["-map", "0:v:0?", "-map", "0:a:0?", "-c", "copy"];
  return [...input, ...copy, "-flush_packets", "1", "-f", "flv", "pipe:1"];
}

/** A loopback UDP port free at the time of asking. */
function freeUdpPort(): number {
  const probe = Deno.listenDatagram({ hostname: "127.0.0.1", port: 0, transport: "udp" });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  return port;
}

export class SrtReceiver {
  readonly #upstream: Deno.DatagramConn;
  readonly #ffmpeg: Deno.ChildProcess;
  readonly #target: Deno.NetAddr;
  #cookie: number | undefined;
  #closed = false;
  /** Resolves once ffmpeg exited and the session ended. */
  readonly done: Promise<void>;

  constructor(
    conclusion: Uint8Array,
    private readonly toCaller: (packet: Uint8Array) => void,
    private readonly session: IngestSession,
    onFailed: (message: string) => void,
  ) {
    const port = freeUdpPort();
    this.#target = { transport: "udp", hostname: "127.0.0.1", port };
    this.#upstream = Deno.listenDatagram({ hostname: "127.0.0.1", port: 0, transport: "udp" });
    this.#ffmpeg = new Deno.Command("ffmpeg", {
      args: ffmpegArgs(port),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const connected = this.#connect(conclusion);
    void this.#relayBack();
    const errors = new Response(this.#ffmpeg.stderr).text();
    this.done = Promise.all([this.#read(), errors, this.#ffmpeg.status, connected]).then(
      ([, text, status, ok]) => {
        if (!ok) onFailed("the SRT receiver did not answer in time");
        else if (!status.success && !this.#closed)
          onFailed(text.trim().split("\n").at(-1) ?? "ffmpeg failed");
        this.#close();
        session.end();
      },
    );
  }

  /** Induction with ffmpeg on the caller's behalf, then the caller's own conclusion. */
  async #connect(conclusion: Uint8Array): Promise<boolean> {
    const deadline = Date.now() + CONNECT_TIMEOUT_MS;
    const induction = inductionRequest(conclusion);
    while (this.#cookie === undefined && !this.#closed) {
      if (Date.now() > deadline) {
        this.kill();
        return false;
      }
      await this.#send(induction);
      await new Promise((r) => setTimeout(r, INDUCTION_RETRY_MS));
    }
    if (this.#cookie !== undefined) await this.#send(withCookie(conclusion.slice(), this.#cookie));
    return true;
  }

  async #relayBack(): Promise<void> {
    try {
      for await (const [packet] of this.#upstream) {
        if (this.#cookie === undefined) {
          if (isHandshake(packet) && parseHandshake(packet).type === HandshakeType.Induction) {
            this.#cookie = parseHandshake(packet).cookie;
          }
          continue;
        }
        this.toCaller(packet);
      }
    } catch {
      // socket closed
    }
  }

  async #read(): Promise<void> {
    const flv = new FlvReader();
    for await (const chunk of this.#ffmpeg.stdout) {
      for (const tag of flv.push(chunk)) this.session.media(tag);
    }
  }

  async #send(packet: Uint8Array): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#upstream.send(packet, this.#target);
    } catch {
      // ffmpeg not listening yet, or gone
    }
  }

  /** A packet from the caller. Handshakes before ffmpeg answered are dropped (the caller repeats them). */
  fromCaller(packet: Uint8Array): void {
    if (this.#cookie === undefined) return;
    if (isHandshake(packet)) withCookie(packet, this.#cookie);
    void this.#send(packet);
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#upstream.close();
    } catch {
      // already closed
    }
  }

  /** Stops the receiver at once. */
  kill(): void {
    this.#close();
    try {
      this.#ffmpeg.kill("SIGKILL");
    } catch {
      // already exited
    }
  }
}
