// SUBSCRIBE_NAMESPACE (draft-14/16 §"Subscribing to Namespaces"): the relay tells
// the subscriber every published namespace and PUBLISHed track under the prefix,
// now and as they change.
import {
  MoqtRequestError,
  type NamespaceAnnouncer,
  type RequestAccept,
  RequestErrorName,
} from "../../../../src/moqt/session/index.ts";
import {
  type SubscribeNamespace,
  SubscribeOptions,
} from "../../../../src/moqt/wire/control/namespace/subscribe-namespace.ts";
import { announceNamespace } from "../announce.ts";
import { afterAnswer, type RelayContext } from "../context.ts";
import { namespaceHasPrefix, namespacesOverlap, namespaceToPath } from "../names.ts";
import type { NamespaceWatch } from "../namespace-watch.ts";
import { offerTrack } from "../offer.ts";
import type { RelayPeer } from "../peer.ts";
import { authorize, checkRequestLimit } from "./checks.ts";

/** Accepts a SUBSCRIBE_NAMESPACE and replays what already matches. */
export async function onSubscribeNamespace(
  ctx: RelayContext,
  peer: RelayPeer,
  req: SubscribeNamespace,
  announcer: NamespaceAnnouncer | undefined,
): Promise<RequestAccept | undefined> {
  checkRequestLimit(ctx, peer);
  const prefix = req.trackNamespacePrefix;
  // §"SUBSCRIBE_NAMESPACE": the publisher MUST ensure the subscriber is authorized.
  await authorize(ctx, peer, "subscribe", prefix, req.parameters);
  for (const w of peer.watches) {
    // §"SUBSCRIBE_NAMESPACE": an overlapping prefix in the same session MUST fail.
    if (namespacesOverlap(w.prefix, prefix)) {
      throw MoqtRequestError.reject(RequestErrorName.PREFIX_OVERLAP, "overlaps an earlier prefix");
    }
  }
  // draft-14 has no Subscribe Options: it gets both PUBLISH_NAMESPACE and PUBLISH.
  const options = req.subscribeOptions ?? SubscribeOptions.BOTH;
  const w: NamespaceWatch<RelayPeer> = {
    peer,
    requestId: req.requestId,
    prefix,
    namespaces: options !== SubscribeOptions.PUBLISH,
    publishes: options !== SubscribeOptions.NAMESPACE,
    forward: req.forward ?? true,
    announcer,
    announced: new Map(),
    offered: new Map(),
    open: true,
  };
  peer.watches.add(w);
  ctx.watches.add(w);
  void announcer?.cancelled.then(() => unwatch(ctx, w));
  ctx.options.logger.log("info", "namespace.subscribed", {
    session: peer.id,
    prefix: namespaceToPath(prefix),
  });
  afterAnswer(() => {
    if (!w.open) return;
    for (const ns of ctx.namespaces.under(prefix)) announceNamespace(w, ns);
    for (const track of ctx.tracks.all()) {
      if (!namespaceHasPrefix(track.name.trackNamespace, prefix)) continue;
      if ([...track.sources].some((s) => s.kind === "publish")) offerTrack(ctx, w, track);
    }
  });
  return undefined;
}

/** The subscriber withdrew its namespace subscription (or left). */
export function unwatch(ctx: RelayContext, w: NamespaceWatch<RelayPeer>): void {
  if (!w.open) return;
  ctx.watches.remove(w);
  w.peer.watches.delete(w);
}
