// An open WebSocket in memory for the QMux session's tests and fuzzing: what
// the session sends, decoded, and a way to deliver records to it.
import { decodeFrame, type Frame } from "../qmux-frames.ts";
import type { QmuxSocket } from "../qmux-session.ts";
import { WireReader, type WireVersion } from "../qmux-wire.ts";

type Listener = (e: { data?: unknown }) => void;

/** A server-side socket whose peer is the test. */
export class MemorySocket {
  binaryType: BinaryType = "blob";
  bufferedAmount = 0;
  readyState = 1;
  /** Every message the session sent (copies, as Deno's `send` makes). */
  readonly records: Uint8Array[] = [];
  closedByServer = false;
  readonly #listeners = new Map<string, Listener[]>();

  constructor(readonly version: WireVersion) {}

  /** This socket as the session's parameter type. */
  get socket(): QmuxSocket {
    return this as unknown as QmuxSocket;
  }

  send(data: Uint8Array): void {
    this.records.push(data.slice());
  }
  close(): void {
    this.closedByServer = true;
  }
  addEventListener(type: string, f: Listener): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), f]);
  }

  /** Delivers one message holding `frames`, as the peer's record. */
  deliver(...frames: Uint8Array[]): void {
    const record = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of frames) {
      record.set(f, at);
      at += f.length;
    }
    this.#emit("message", record.buffer);
  }

  /** Delivers a text message (not valid QMux). */
  deliverText(text: string): void {
    this.#emit("message", text);
  }

  /** Every frame sent so far, in order; `drain` forgets them. */
  frames(drain = true): Frame[] {
    const out: Frame[] = [];
    for (const rec of this.records) {
      const r = new WireReader(rec);
      while (r.remaining > 0) out.push(decodeFrame(r, this.version));
    }
    if (drain) this.records.length = 0;
    return out;
  }

  #emit(type: string, data: unknown): void {
    for (const f of this.#listeners.get(type) ?? []) f({ data });
  }
}
