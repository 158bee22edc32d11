// Stream wrappers for QMux sessions: `@moq/qmux` errors streams torn down with
// their session with a plain Error; this package's contract (types.ts) wants a
// `source: "session"` error there, as native WebTransport gives. Resets and
// STOP_SENDING keep `@moq/qmux`'s own error, which already carries
// `source: "stream"` and `streamErrorCode` (qmux-02 §"QUIC Frames": RESET_STREAM,
// STOP_SENDING with an application error code).
import { TransportStreamError } from "./errors.ts";
import type { MoqBidirectionalStream, MoqReceiveStream, MoqSendStream } from "./types.ts";

/** The error a QMux stream failure surfaces as. */
export function qmuxStreamFailure(e: unknown): unknown {
  if (typeof e === "object" && e !== null && (e as { source?: unknown }).source === "stream") {
    return e;
  }
  return new TransportStreamError("session", null, e instanceof Error ? e.message : undefined);
}

/** Wraps a QMux receive stream; reads pass through, with no extra buffering. */
export function wrapQmuxReceive(inner: ReadableStream<Uint8Array>): MoqReceiveStream {
  const reader = inner.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(c) {
        try {
          const { value, done } = await reader.read();
          if (done) c.close();
          else c.enqueue(value);
        } catch (e) {
          c.error(qmuxStreamFailure(e));
        }
      },
      // STOP_SENDING with the code `reason` carries.
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/** Wraps a QMux send stream; `sendOrder` reads and writes through to it. */
export function wrapQmuxSend(inner: WritableStream<Uint8Array>): MoqSendStream {
  const writer = inner.getWriter();
  const rethrow = (e: unknown): never => {
    throw qmuxStreamFailure(e);
  };
  const outer: MoqSendStream = new WritableStream<Uint8Array>({
    write: (chunk) => writer.write(chunk).catch(rethrow),
    // FIN.
    close: () => writer.close().catch(rethrow),
    // RESET_STREAM with the code `reason` carries.
    abort: (reason) => writer.abort(reason),
  });
  const prioritised = inner as { sendOrder?: number };
  Object.defineProperty(outer, "sendOrder", {
    configurable: true,
    enumerable: true,
    get: () => prioritised.sendOrder,
    set: (v: number) => {
      prioritised.sendOrder = v;
    },
  });
  return outer;
}

/** Wraps both halves of a QMux bidirectional stream. */
export function wrapQmuxBidirectional(s: {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
}): MoqBidirectionalStream {
  return { readable: wrapQmuxReceive(s.readable), writable: wrapQmuxSend(s.writable) };
}

/** Maps each stream of an incoming-streams queue, pulling one only when the reader asks. */
export function mapIncoming<T, U>(inner: ReadableStream<T>, map: (t: T) => U): ReadableStream<U> {
  const reader = inner.getReader();
  return new ReadableStream<U>(
    {
      async pull(c) {
        try {
          const { value, done } = await reader.read();
          if (done) c.close();
          else c.enqueue(map(value));
        } catch (e) {
          c.error(qmuxStreamFailure(e));
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
