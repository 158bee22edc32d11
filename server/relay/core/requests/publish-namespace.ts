// PUBLISH_NAMESPACE / PUBLISH_NAMESPACE_DONE from a publisher (draft-14/16
// §"Publisher Interactions", §"Publishing Namespaces").
import type { NamespaceRef, RequestAccept } from "../../../../src/moqt/session/index.ts";
import type { PublishNamespace } from "../../../../src/moqt/wire/control/namespace/publish-namespace.ts";
import { announceNamespace, withdrawNamespace } from "../announce.ts";
import { afterAnswer, type RelayContext } from "../context.ts";
import { namespaceHasPrefix, namespaceToPath, type TrackNamespace } from "../names.ts";
import type { RelayPeer } from "../peer.ts";
import { subscribeUpstream } from "../upstream.ts";
import { authorize, checkRequestLimit } from "./checks.ts";

/** Accepts a PUBLISH_NAMESPACE and routes matching subscriptions to its session. */
export async function onPublishNamespace(
  ctx: RelayContext,
  peer: RelayPeer,
  req: PublishNamespace,
): Promise<RequestAccept | undefined> {
  checkRequestLimit(ctx, peer);
  // §"Publisher Interactions": the publisher MUST be authorized for the namespace.
  await authorize(ctx, peer, "publish", req.trackNamespace, req.parameters);
  const ns = req.trackNamespace;
  peer.namespaces.set(req.requestId, ns);
  const fresh = ctx.namespaces.add(peer, req.requestId, ns);
  ctx.options.logger.log("info", "namespace.published", {
    session: peer.id,
    namespace: namespaceToPath(ns),
  });
  afterAnswer(() => routeNamespace(ctx, peer, ns, fresh));
  return undefined;
}

function routeNamespace(
  ctx: RelayContext,
  peer: RelayPeer,
  ns: TrackNamespace,
  fresh: boolean,
): void {
  if (peer.closed) return;
  // Held SUBSCRIBEs under the namespace retry now that it has a publisher.
  for (const track of ctx.held.keys()) {
    if (namespaceHasPrefix(track.name.trackNamespace, ns)) ctx.held.wake(track);
  }
  // §"Publisher Interactions": a PUBLISH_NAMESPACE matching existing subscriptions
  // MUST get a SUBSCRIBE for each of them.
  for (const track of ctx.tracks.all()) {
    if (track.subscribers.size === 0 || track.sources.size === 0) continue;
    if (!namespaceHasPrefix(track.name.trackNamespace, ns)) continue;
    subscribeUpstream(ctx, track, peer).catch(() => undefined);
  }
  if (fresh) for (const w of ctx.watches.matching(ns)) announceNamespace(w, ns);
}

/** The publisher withdrew a namespace; subscribers of matching prefixes are told when nobody publishes it. */
export function onPublishNamespaceDone(
  ctx: RelayContext,
  peer: RelayPeer,
  ref: NamespaceRef,
): void {
  const requestId = ref.requestId;
  if (requestId === undefined) return;
  const ns = peer.namespaces.get(requestId);
  if (ns === undefined) return;
  withdrawPublished(ctx, peer, requestId, ns);
}

/** Forgets one PUBLISH_NAMESPACE of `peer`. */
export function withdrawPublished(
  ctx: RelayContext,
  peer: RelayPeer,
  requestId: number,
  ns: TrackNamespace,
): void {
  peer.namespaces.delete(requestId);
  if (!ctx.namespaces.remove(peer, requestId, ns)) return;
  ctx.options.logger.log("info", "namespace.withdrawn", {
    session: peer.id,
    namespace: namespaceToPath(ns),
  });
  for (const w of ctx.watches.matching(ns)) withdrawNamespace(w, ns);
}
