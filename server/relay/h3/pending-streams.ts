import type { StreamReader } from "./stream-reader.ts";

/** A WebTransport stream whose header named a session that does not exist yet. */
export type PendingStream =
  | { readonly kind: "uni"; readonly reader: StreamReader }
  | {
      readonly kind: "bidi";
      readonly reader: StreamReader;
      readonly writable: Deno.QuicSendStream;
    };

/**
 * Streams that arrived before their CONNECT request was accepted
 * (draft-ietf-webtrans-http3 §4.6): buffered up to `limit` in total, each for
 * at most `timeoutMs`, then refused.
 */
export class PendingStreams {
  readonly #bySession = new Map<number, PendingStream[]>();
  #count = 0;

  constructor(
    readonly limit: number,
    readonly timeoutMs: number,
  ) {}

  /** Buffers a stream; false when the buffer is full (the caller refuses it). */
  add(sessionId: number, stream: PendingStream): boolean {
    if (this.#count >= this.limit) return false;
    const list = this.#bySession.get(sessionId) ?? [];
    list.push(stream);
    this.#bySession.set(sessionId, list);
    this.#count++;
    const timer = setTimeout(() => {
      const current = this.#bySession.get(sessionId);
      const index = current?.indexOf(stream) ?? -1;
      if (!current || index < 0) return;
      current.splice(index, 1);
      this.#count--;
      refuse(stream);
    }, this.timeoutMs);
    Deno.unrefTimer(timer);
    return true;
  }

  /** Removes and returns the streams waiting for `sessionId`. */
  take(sessionId: number): PendingStream[] {
    const list = this.#bySession.get(sessionId) ?? [];
    this.#bySession.delete(sessionId);
    this.#count -= list.length;
    return list;
  }

  /** Refuses the streams waiting for `sessionId`. */
  drop(sessionId: number): void {
    for (const stream of this.take(sessionId)) refuse(stream);
  }

  /** Refuses every waiting stream. */
  dropAll(): void {
    for (const sessionId of [...this.#bySession.keys()]) this.drop(sessionId);
  }
}

/**
 * Refuses a stream by stopping to read it and ending our side. The draft asks
 * for WT_BUFFERED_STREAM_REJECTED resets, which Deno 2.9 cannot send.
 */
export function refuse(stream: PendingStream): void {
  void stream.reader.cancel();
  if (stream.kind === "bidi") stream.writable.close().catch(() => {});
}
