// A `@moq/qmux` session (client or server role) as a `MoqTransport`.
import type Session from "@moq/qmux";
import { TransportError, TransportErrorCode } from "./errors.ts";
import {
  mapIncoming,
  wrapQmuxBidirectional,
  wrapQmuxReceive,
  wrapQmuxSend,
} from "./qmux-streams.ts";
import type {
  MoqBidirectionalStream,
  MoqCloseInfo,
  MoqReceiveStream,
  MoqTransport,
} from "./types.ts";

/** A `@moq/qmux` session, as its default export constructs it. */
export type QmuxSession = Session;

/** W3C WebTransport `close()` truncates the reason to this many UTF-8 bytes. */
export const MAX_CLOSE_REASON_BYTES = 1024;

/** `reason` cut to at most `MAX_CLOSE_REASON_BYTES` UTF-8 bytes, on a character boundary. */
export function clampCloseReason(reason: string): string {
  const bytes = new TextEncoder().encode(reason);
  if (bytes.length <= MAX_CLOSE_REASON_BYTES) return reason;
  let end = MAX_CLOSE_REASON_BYTES;
  // Step back over UTF-8 continuation bytes (10xxxxxx).
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(bytes.subarray(0, end));
}

function translate(code: TransportErrorCode, e: unknown): TransportError {
  if (e instanceof TransportError) return e;
  return new TransportError(code, e instanceof Error ? e.message : String(e), { cause: e });
}

/**
 * Wraps a QMux session as a `MoqTransport`. `protocol` is the application
 * protocol of the negotiated subprotocol ("qmux-02.moqt-16" → "moqt-16"; "" for a
 * bare token). A `close()` sends APPLICATION_CLOSE, which the peer's `closed`
 * fulfils with; a dropped socket or CONNECTION_CLOSE rejects `closed` with
 * TransportError LOST (qmux-02 §"Connection Termination").
 */
export function fromQmuxSession(session: QmuxSession): MoqTransport {
  const ready = session.ready.catch((e: unknown) => {
    throw translate(TransportErrorCode.CONNECT_FAILED, e);
  });
  const closed = session.closed.then(
    (i): MoqCloseInfo => ({ closeCode: i.closeCode ?? 0, reason: i.reason ?? "" }),
    (e: unknown) => {
      throw translate(TransportErrorCode.LOST, e);
    },
  );
  // Whoever cares awaits them; an unobserved failure must not be an unhandled rejection.
  ready.catch(() => undefined);
  closed.catch(() => undefined);
  const opening = (e: unknown) => {
    throw translate(TransportErrorCode.CLOSED, e);
  };
  return {
    ready,
    closed,
    get protocol() {
      return session.protocol;
    },
    close: (info = {}) =>
      // qmux-02 §"QUIC Frames": CONNECTION_CLOSE, the application variant (0x1d).
      session.close({
        closeCode: (info.closeCode ?? 0) >>> 0,
        reason: clampCloseReason(info.reason ?? ""),
      }),
    createBidirectionalStream: (options) =>
      session
        .createBidirectionalStream(options)
        .then((s): MoqBidirectionalStream => wrapQmuxBidirectional(s), opening),
    createUnidirectionalStream: (options) =>
      session.createUnidirectionalStream(options).then(wrapQmuxSend, opening),
    incomingBidirectionalStreams: mapIncoming(
      session.incomingBidirectionalStreams,
      wrapQmuxBidirectional,
    ),
    incomingUnidirectionalStreams: mapIncoming<ReadableStream<Uint8Array>, MoqReceiveStream>(
      session.incomingUnidirectionalStreams,
      wrapQmuxReceive,
    ),
    // qmux-02 §"Unreliable Datagram Extension": `maxDatagramSize` is 0 until the
    // peer's transport parameters allow datagrams (never on qmux-00).
    datagrams: session.datagrams,
  };
}
