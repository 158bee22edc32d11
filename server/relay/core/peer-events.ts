// Session events of one peer routed to the relay: Objects in, ends of requests,
// and the end of the session itself.
import type { MoqtCloseInfo, MoqtSessionListeners } from "../../../src/moqt/session/index.ts";
import type { PublishDone } from "../../../src/moqt/wire/control/subscribe/publish-done.ts";
import type { RelayContext } from "./context.ts";
import { ingestDatagram, ingestSubgroup } from "./ingest.ts";
import { namespaceKey } from "./names.ts";
import type { RelayPeer } from "./peer.ts";
import { doneStatus } from "./publish-done.ts";
import { withdrawPublished } from "./requests/publish-namespace.ts";
import { unwatch } from "./requests/subscribe-namespace.ts";
import { dropSource } from "./upstream.ts";

/** The listeners registered on `peer`'s session before it starts reading. */
export function peerListeners(ctx: RelayContext, peer: RelayPeer): MoqtSessionListeners {
  return {
    subgroupStream: (s) => void ingestSubgroup(ctx, peer, s),
    datagram: (d) => ingestDatagram(ctx, peer, d),
    fetchStream: (s) => peer.fetchStreams.offer(s),
    unsubscribe: ({ requestId }) => onUnsubscribe(peer, requestId),
    publishDone: (m) => onPublishDone(ctx, peer, m),
    fetchCancel: ({ requestId }) => peer.fetches.get(requestId)?.cancel(),
    publishNamespaceDone: (ref) => {
      const id = ref.requestId;
      const ns = id === undefined ? undefined : peer.namespaces.get(id);
      if (id !== undefined && ns !== undefined) withdrawPublished(ctx, peer, id, ns);
    },
    unsubscribeNamespace: ({ trackNamespacePrefix }) => {
      const key = namespaceKey(trackNamespacePrefix);
      for (const w of [...peer.watches]) if (namespaceKey(w.prefix) === key) unwatch(ctx, w);
    },
    close: (info) => onPeerClosed(ctx, peer, info),
  };
}

/** UNSUBSCRIBE of a served subscription, or of a SUBSCRIBE still waiting for its answer. */
function onUnsubscribe(peer: RelayPeer, requestId: number): void {
  const d = peer.downstreams.get(requestId);
  if (d !== undefined) {
    d.cancel();
    return;
  }
  peer.pending.get(requestId)?.cancel("unsubscribed before the answer");
}

/** PUBLISH_DONE from a publisher: its upstream subscription ended. */
function onPublishDone(ctx: RelayContext, peer: RelayPeer, m: PublishDone): void {
  const src = peer.sources.get(m.requestId);
  if (src === undefined) return;
  const status = doneStatus(m.statusCode, peer.draft) ?? "TRACK_ENDED";
  dropSource(ctx, src, status, m.reason);
}

/** The session ended, however: everything it held is released. */
function onPeerClosed(ctx: RelayContext, peer: RelayPeer, info: MoqtCloseInfo): void {
  if (peer.closed) return;
  peer.closed = true;
  ctx.peers.delete(peer);
  peer.aliases.close();
  peer.fetchStreams.close();
  for (const p of [...peer.pending.values()]) p.cancel("session closed");
  for (const d of [...peer.downstreams.values()]) d.cancel();
  for (const f of [...peer.fetches.values()]) f.cancel();
  for (const w of [...peer.watches]) unwatch(ctx, w);
  for (const [id, ns] of [...peer.namespaces]) withdrawPublished(ctx, peer, id, ns);
  // §"PUBLISH_DONE": the publisher left, so its tracks ended.
  for (const src of [...peer.sources.values()])
    dropSource(ctx, src, "TRACK_ENDED", "publisher left");
  ctx.options.logger.log(info.code === 0 ? "info" : "warn", "session.closed", {
    session: peer.id,
    address: peer.origin.address,
    code: info.code,
    reason: info.reason,
    remote: info.remote,
  });
}
