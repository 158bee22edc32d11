import type { ControlMessage } from "../wire/control.ts";
import type { TypedEmitter } from "./emitter.ts";
import { CloseReason, MoqtErrorCode, MoqtRequestError, MoqtSessionError } from "./errors.ts";
import type { MoqtSessionEvents } from "./events.ts";
import type { GoAwayState } from "./goaway.ts";
import type { NamespaceRegistry } from "./namespaces.ts";
import type { PeerRequestFlow } from "./request-flow.ts";
import type { RequestGate } from "./request-gate.ts";
import { isRequest } from "./request-kind.ts";
import type { IncomingRequests } from "./requests-in.ts";
import type { OutgoingRequests } from "./requests-out.ts";
import { isResponse } from "./responses.ts";
import type { TrackAliases } from "./track-aliases.ts";

/** The session state a control message can touch. */
export interface DispatchDeps {
  readonly goAway: GoAwayState;
  readonly gate: RequestGate;
  readonly flow: PeerRequestFlow;
  readonly outgoing: OutgoingRequests;
  readonly incoming: IncomingRequests;
  readonly aliases: TrackAliases;
  readonly ownNamespaces: NamespaceRegistry;
  readonly peerNamespaces: NamespaceRegistry;
  readonly events: TypedEmitter<MoqtSessionEvents>;
  /** Sends on the control stream. */
  readonly send: (msg: ControlMessage) => void;
}

/**
 * Routes each message read from the control stream after the handshake.
 * Throws the MoqtSessionError a message calls for; the session closes with it.
 */
export function dispatchControl(msg: ControlMessage, d: DispatchDeps): void {
  if (isResponse(msg)) d.outgoing.answer(msg);
  else if (isRequest(msg)) d.incoming.receive(msg, d.send);
  else dispatchOther(msg, d);
}

function dispatchOther(msg: ControlMessage, d: DispatchDeps): void {
  switch (msg.kind) {
    case "clientSetup":
    case "serverSetup":
      throw MoqtSessionError.protocolViolation(CloseReason.SETUP_REPEATED);
    case "goAway":
      d.goAway.receive(msg.newSessionUri);
      d.outgoing.refuseNew(
        new MoqtRequestError({
          code: MoqtErrorCode.GOING_AWAY,
          errorCode: 0,
          reason: "peer sent GOAWAY",
        }),
      );
      d.events.emit("goAway", { newSessionUri: msg.newSessionUri });
      break;
    case "maxRequestId":
      // §"MAX_REQUEST_ID": a value that does not increase is a PROTOCOL_VIOLATION.
      if (!d.gate.raise(msg.maxRequestId)) {
        throw MoqtSessionError.protocolViolation(
          `${CloseReason.MAX_REQUEST_ID_DECREASED} (${msg.maxRequestId})`,
        );
      }
      break;
    case "requestsBlocked":
      d.events.emit("requestsBlocked", { maximumRequestId: msg.maximumRequestId });
      d.flow.onBlocked();
      break;
    case "unsubscribe":
      d.events.emit("unsubscribe", { requestId: msg.requestId });
      break;
    case "publishDone":
      d.aliases.release(msg.requestId);
      d.events.emit("publishDone", msg);
      break;
    case "fetchCancel":
      d.events.emit("fetchCancel", { requestId: msg.requestId });
      break;
    case "publishNamespaceDone":
      d.events.emit("publishNamespaceDone", d.peerNamespaces.resolve(msg));
      break;
    case "publishNamespaceCancel":
      d.events.emit("publishNamespaceCancel", {
        ...d.ownNamespaces.resolve(msg),
        errorCode: msg.errorCode,
        reason: msg.reason,
      });
      break;
    case "unsubscribeNamespace":
      d.events.emit("unsubscribeNamespace", { trackNamespacePrefix: msg.trackNamespacePrefix });
      break;
    default:
      // NAMESPACE / NAMESPACE_DONE belong on a SUBSCRIBE_NAMESPACE stream.
      throw MoqtSessionError.protocolViolation(`${CloseReason.UNEXPECTED_MESSAGE}: ${msg.kind}`);
  }
}
