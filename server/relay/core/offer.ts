// The relay's PUBLISH toward sessions that sent SUBSCRIBE_NAMESPACE (draft-14/16
// §"Publisher Interactions": a relay receiving PUBLISH MUST send PUBLISH to each
// subscriber of a matching namespace prefix).
import { GroupOrder } from "../../../src/moqt/wire/index.ts";
import type { RelayContext } from "./context.ts";
import { windowFor } from "./filter.ts";
import { describeTrack } from "./names.ts";
import type { NamespaceWatch } from "./namespace-watch.ts";
import type { RelayPeer } from "./peer.ts";
import { doneCode } from "./publish-done.ts";
import { serveTrack } from "./serve.ts";
import type { RelayTrack } from "./track.ts";

/** Offers `track` to the session behind `w` with a PUBLISH, once. */
export function offerTrack(
  ctx: RelayContext,
  w: NamespaceWatch<RelayPeer>,
  track: RelayTrack,
): void {
  // Once per publication: a declined PUBLISH is not repeated until the track is published anew.
  if (!w.open || !w.publishes || w.offered.get(track.key) === track.generation) return;
  const peer = w.peer;
  if (peer.closed || peer.subscribesTo(track) || track.sources.size === 0) return;
  w.offered.set(track.key, track.generation);
  void publishTo(ctx, peer, w, track);
}

async function publishTo(
  ctx: RelayContext,
  peer: RelayPeer,
  w: NamespaceWatch<RelayPeer>,
  track: RelayTrack,
): Promise<void> {
  const logger = ctx.options.logger;
  const alias = peer.nextAlias();
  const largest = track.largest;
  const extensions = track.extensionsFor(peer.version);
  let ok: Awaited<ReturnType<typeof peer.session.publish>>;
  try {
    ok = await peer.session.publish({
      trackNamespace: track.name.trackNamespace,
      trackName: track.name.trackName,
      trackAlias: alias,
      forward: w.forward,
      groupOrder: track.groupOrder,
      ...(largest !== undefined && { largestLocation: largest }),
      ...(extensions !== undefined && { trackExtensions: extensions }),
    });
  } catch (e) {
    logger.log("info", "publish.declined", {
      session: peer.id,
      track: describeTrack(track.name),
      reason: e instanceof Error ? e.message : String(e),
    });
    return;
  }
  if (peer.closed) return;
  if (track.sources.size === 0) {
    peer.session.publishDone(
      ok.requestId,
      doneCode("TRACK_ENDED", peer.draft),
      "publisher left",
      0,
    );
    return;
  }
  const d = serveTrack(ctx, peer, track, {
    requestId: ok.requestId,
    trackAlias: alias,
    window: windowFor(ok.filter, largest),
    forward: ok.forward,
    subscriberPriority: ok.subscriberPriority,
    groupOrder: ok.groupOrder !== GroupOrder.PUBLISHER ? ok.groupOrder : track.groupOrder,
    filter: ok.filter,
    largest,
    viaPublish: true,
    deliveryTimeoutMs: ok.parameters.deliveryTimeoutMs,
  });
  d.activate();
}
