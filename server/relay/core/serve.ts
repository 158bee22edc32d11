// Attaching a subscription served to a session to its track, and detaching it.
import type { RelayContext } from "./context.ts";
import { Downstream, type DownstreamInit } from "./downstream.ts";
import { describeTrack } from "./names.ts";
import type { RelayPeer } from "./peer.ts";
import type { RelayTrack } from "./track.ts";
import { releaseIfIdle } from "./upstream.ts";

/** Creates the subscription and starts fanning the track's Objects out to it. */
export function serveTrack(
  ctx: RelayContext,
  peer: RelayPeer,
  track: RelayTrack,
  init: DownstreamInit,
): Downstream<RelayTrack> {
  const { clock, limits, logger } = ctx.options;
  const d: Downstream<RelayTrack> = new Downstream(
    {
      session: peer.session,
      transport: peer.transport,
      outbox: peer.outbox,
      clock,
      drainMs: limits.drainMs,
      sent: (bytes) => {
        peer.traffic.bytesOut += bytes;
      },
      forwarded: (receivedAtMs) => ctx.forwardDelay.record(clock.nowMs() - receivedAtMs),
      ended: () => {
        if (peer.downstreams.get(init.requestId) === d) peer.downstreams.delete(init.requestId);
        track.subscribers.delete(d);
        logger.log("info", "subscription.ended", {
          session: peer.id,
          requestId: init.requestId,
          track: describeTrack(track.name),
          streams: d.streamCount,
        });
        releaseIfIdle(ctx, track);
      },
    },
    track,
    init,
  );
  peer.downstreams.set(init.requestId, d);
  track.subscribers.add(d);
  logger.log("info", "subscription.started", {
    session: peer.id,
    requestId: init.requestId,
    track: describeTrack(track.name),
    via: init.viaPublish ? "publish" : "subscribe",
  });
  return d;
}
