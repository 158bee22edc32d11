// A PUBLISH from a publisher (draft-14/16 §"Publisher Interactions"): the relay
// accepts it with Forward 1 (each Object is sent to the relay once, whoever
// subscribes later), releases SUBSCRIBEs held for the track and offers the track
// to sessions that subscribed to a matching namespace prefix.
import {
  MoqtRequestError,
  type PublishAccept,
  RequestErrorName,
} from "../../../../src/moqt/session/index.ts";
import type { Publish } from "../../../../src/moqt/wire/control/publish/publish.ts";
import { afterAnswer, type RelayContext } from "../context.ts";
import { describeTrack } from "../names.ts";
import { offerTrack } from "../offer.ts";
import type { RelayPeer } from "../peer.ts";
import type { TrackSource } from "../source.ts";
import { dropSource } from "../upstream.ts";
import { authorize, checkRequestLimit } from "./checks.ts";

/** Accepts a PUBLISH and makes its session a source of the track. */
export async function onPublish(
  ctx: RelayContext,
  peer: RelayPeer,
  req: Publish,
): Promise<PublishAccept> {
  checkRequestLimit(ctx, peer);
  // §"Publisher Interactions": the publisher MUST be authorized for the Full Track Name.
  await authorize(ctx, peer, "publish", req.trackNamespace, req.parameters);
  const track = ctx.tracks.getOrCreate(req);
  for (const s of track.sources) {
    // §"Subscriptions": one subscription per Track and role; a second one MUST fail.
    if (s.peer === peer && s.kind === "publish") {
      throw MoqtRequestError.reject(RequestErrorName.DUPLICATE_SUBSCRIPTION, "already publishing");
    }
  }
  const src: TrackSource = {
    kind: "publish",
    peer,
    requestId: req.requestId,
    trackAlias: req.trackAlias,
    track,
  };
  peer.sources.set(req.requestId, src);
  peer.aliases.set(req.trackAlias, src);
  track.addSource(src, {
    largest: req.largestLocation,
    extensions: req.trackExtensions,
    version: peer.version,
    groupOrder: req.groupOrder,
    maxCacheDurationMs: req.parameters.maxCacheDurationMs,
  });
  // §"Subscriptions": the relay's own subscription to this track from this session
  // MUST be Terminated before PUBLISH_OK.
  for (const s of [...track.sources]) {
    if (s.peer === peer && s.kind === "subscribe") {
      peer.session.unsubscribe(s.requestId);
      dropSource(ctx, s, "SUBSCRIPTION_ENDED", "replaced by PUBLISH");
    }
  }
  ctx.held.wake(track);
  ctx.options.logger.log("info", "publish.accepted", {
    session: peer.id,
    track: describeTrack(track.name),
    capability: track.capability,
  });
  afterAnswer(() => {
    for (const w of ctx.watches.matching(track.name.trackNamespace)) offerTrack(ctx, w, track);
  });
  return { forward: true, subscriberPriority: 128 };
}
