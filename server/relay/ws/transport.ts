// The relay's view of a server-side `@moq/qmux` session. Like the SDK's
// `fromQmuxSession`, except that the relay's outgoing unidirectional streams are
// `@moq/qmux`'s own WritableStreams: one Object write per subscriber crosses one
// stream layer fewer. Those streams keep `@moq/qmux`'s errors (a reset or
// STOP_SENDING carries `streamErrorCode`, qmux-02 §"QUIC Frames"); the relay only
// needs to know that a stream failed, not whether the session ended.
import type Session from "@moq/qmux";
import { TransportError, TransportErrorCode } from "../../../src/transport/errors.ts";
import { fromQmuxSession } from "../../../src/transport/qmux-session.ts";
import type { MoqSendStream, MoqTransport } from "../../../src/transport/types.ts";

/** `session` as the `MoqTransport` the relay accepts. */
export function relayQmuxTransport(session: Session): MoqTransport {
  const t = fromQmuxSession(session);
  const opening = (e: unknown): never => {
    throw e instanceof TransportError
      ? e
      : new TransportError(TransportErrorCode.CLOSED, e instanceof Error ? e.message : String(e), {
          cause: e,
        });
  };
  return {
    ready: t.ready,
    closed: t.closed,
    get protocol() {
      return t.protocol;
    },
    close: (info) => t.close(info),
    createBidirectionalStream: (options) => t.createBidirectionalStream(options),
    // `@moq/qmux` gives its send streams a W3C `sendOrder` accessor already.
    createUnidirectionalStream: (options) =>
      session.createUnidirectionalStream(options).then((s) => s as MoqSendStream, opening),
    incomingBidirectionalStreams: t.incomingBidirectionalStreams,
    incomingUnidirectionalStreams: t.incomingUnidirectionalStreams,
    datagrams: t.datagrams,
  };
}
