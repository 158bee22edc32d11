// An accepted HTTP/3 WebTransport session (server/relay/h3) as the SDK's
// transport contract, so the relay core runs on it unchanged.
import { TransportError, TransportErrorCode } from "../src/transport/errors.ts";
import type { MoqCloseInfo, MoqTransport } from "../src/transport/types.ts";
import type { WebTransportSession } from "./relay/h3/mod.ts";

/**
 * Wraps `session` as a `MoqTransport`: already ready; `closed` resolves with the
 * close code and reason, and rejects (TransportError LOST) when the connection
 * went away without a close.
 */
export function fromH3Session(session: WebTransportSession): MoqTransport {
  const closed = session.closed.then((info): MoqCloseInfo => {
    if (!info.clean && info.initiator === "remote") {
      throw new TransportError(
        TransportErrorCode.LOST,
        info.reason === "" ? "connection lost" : info.reason,
      );
    }
    return { closeCode: info.closeCode, reason: info.reason };
  });
  // Whoever cares awaits it; an unobserved loss must not be an unhandled rejection.
  closed.catch(() => undefined);
  return {
    ready: Promise.resolve(),
    closed,
    protocol: session.protocol,
    close: (info) => session.close(info ?? {}),
    createBidirectionalStream: (options) => session.createBidirectionalStream(options ?? {}),
    createUnidirectionalStream: (options) => session.createUnidirectionalStream(options ?? {}),
    incomingBidirectionalStreams: session.incomingBidirectionalStreams,
    incomingUnidirectionalStreams: session.incomingUnidirectionalStreams,
    datagrams: session.datagrams,
  };
}
