import type { ControlMessage } from "../wire/control.ts";
import type { DispatchDeps } from "./control-dispatch.ts";
import type { TypedEmitter } from "./emitter.ts";
import type { MoqtSessionEvents } from "./events.ts";
import { GoAwayState } from "./goaway.ts";
import { NamespaceRegistry } from "./namespaces.ts";
import type { ResolvedOptions } from "./options.ts";
import { PeerRequestFlow } from "./request-flow.ts";
import { RequestGate } from "./request-gate.ts";
import { IncomingRequestIds, limitForCount, OutgoingRequestIds, type Role } from "./request-ids.ts";
import type { RequestMessage } from "./request-kind.ts";
import { IncomingRequests } from "./requests-in.ts";
import { OutgoingRequests } from "./requests-out.ts";
import type { MoqtSession } from "./session.ts";
import type { TrackAliases } from "./track-aliases.ts";

/** What the request machinery needs from its session. */
export interface RequestWiringInput {
  readonly role: Role;
  readonly draft: 14 | 16;
  /** MAX_REQUEST_ID from the peer's SETUP (0 when absent). */
  readonly peerMaxRequestId: number;
  readonly options: ResolvedOptions;
  readonly aliases: TrackAliases;
  readonly ownNamespaces: NamespaceRegistry;
  readonly events: TypedEmitter<MoqtSessionEvents>;
  readonly session: MoqtSession;
  readonly isClosed: () => boolean;
  /** Sends on the control stream unless the session ended. */
  readonly send: (msg: ControlMessage) => void;
  /** Sends a request; throws (sending nothing) when it cannot be encoded. */
  readonly sendRequest: (msg: ControlMessage) => void;
  /** Ends a request withdrawn after it was sent. */
  readonly withdraw: (req: RequestMessage) => void;
}

/** The request machinery of one session. */
export interface RequestWiring {
  readonly flow: PeerRequestFlow;
  readonly outgoing: OutgoingRequests;
  readonly incoming: IncomingRequests;
  readonly dispatch: DispatchDeps;
}

/** Assembles Request IDs both ways, flow control, correlation and dispatch. */
export function wireRequests(w: RequestWiringInput): RequestWiring {
  const peer: Role = w.role === "client" ? "server" : "client";
  const o = w.options;
  const ownIds = new OutgoingRequestIds(w.role, w.peerMaxRequestId);
  // draft-14 carries every request on the control stream, so IDs arrive strictly in order.
  const peerIds = new IncomingRequestIds(
    peer,
    limitForCount(peer, o.initialPeerRequests),
    w.draft === 14,
  );
  const gate = new RequestGate(ownIds, (limit) =>
    w.send({ kind: "requestsBlocked", maximumRequestId: limit }),
  );
  const flow = new PeerRequestFlow(peerIds, o.initialPeerRequests, o.autoGrantRequests, (max) =>
    w.send({ kind: "maxRequestId", maxRequestId: max }),
  );
  const outgoing = new OutgoingRequests(gate, w.aliases, {
    draft: w.draft,
    send: w.sendRequest,
    withdraw: w.withdraw,
  });
  const peerNamespaces = new NamespaceRegistry();
  const incoming = new IncomingRequests({
    draft: w.draft,
    ids: peerIds,
    ownIds,
    aliases: w.aliases,
    peerNamespaces,
    handler: o.handler,
    session: w.session,
    isClosed: w.isClosed,
    onRequestId: () => flow.onRequest(),
  });
  const dispatch: DispatchDeps = {
    goAway: new GoAwayState(w.role),
    gate,
    flow,
    outgoing,
    incoming,
    aliases: w.aliases,
    ownNamespaces: w.ownNamespaces,
    peerNamespaces,
    events: w.events,
    send: w.send,
  };
  return { flow, outgoing, incoming, dispatch };
}
