// Upstream subscriptions: draft-14/16 §"Subscriber Interactions" and
// §"Publisher Interactions" — one upstream subscription per track and publisher,
// shared by every downstream subscriber, dropped when the last one leaves.
import {
  MoqtErrorCode,
  MoqtRequestError,
  RequestErrorName,
} from "../../../src/moqt/session/index.ts";
import { GroupOrder } from "../../../src/moqt/wire/index.ts";
import type { RelayContext } from "./context.ts";
import { doesNotExist, type HoldTicket } from "./hold.ts";
import { describeTrack } from "./names.ts";
import type { RelayPeer } from "./peer.ts";
import type { DoneStatus } from "./publish-done.ts";
import type { TrackSource } from "./source.ts";
import type { RelayTrack } from "./track.ts";

/** The downstream answer for an upstream request that failed with `e`. */
export function downstreamError(e: unknown): MoqtRequestError {
  if (e instanceof MoqtRequestError) {
    if (e.code === MoqtErrorCode.REQUEST_ABORTED) {
      return MoqtRequestError.reject(RequestErrorName.TIMEOUT, "publisher did not answer in time");
    }
    if (e.code === MoqtErrorCode.REQUEST_REJECTED) {
      return MoqtRequestError.reject(e.errorName ?? RequestErrorName.INTERNAL_ERROR, e.reason);
    }
  }
  return MoqtRequestError.reject(RequestErrorName.INTERNAL_ERROR, "publisher unavailable");
}

/**
 * SUBSCRIBEs to `peer` for `track` unless already subscribed. §"Forward Handling":
 * Forward 1; §"Subscriber Interactions": the Largest Object filter, so downstream
 * subscribers with different filters never require a new upstream subscription.
 */
export function subscribeUpstream(
  ctx: RelayContext,
  track: RelayTrack,
  peer: RelayPeer,
): Promise<TrackSource | undefined> {
  for (const s of track.sources) if (s.peer === peer) return Promise.resolve(s);
  const inFlight = track.upstreamPending.get(peer.id);
  if (inFlight !== undefined) return inFlight;
  const { clock, limits, logger } = ctx.options;
  const abort = new AbortController();
  const timer = clock.setTimeout(() => abort.abort(), limits.upstreamTimeoutMs);
  const attempt = (async (): Promise<TrackSource | undefined> => {
    const ok = await peer.session.subscribe(
      {
        trackNamespace: track.name.trackNamespace,
        trackName: track.name.trackName,
        filter: { type: "largestObject" },
        forward: true,
        subscriberPriority: 128,
        groupOrder: GroupOrder.PUBLISHER,
      },
      { signal: abort.signal },
    );
    const src: TrackSource = {
      kind: "subscribe",
      peer,
      requestId: ok.requestId,
      trackAlias: ok.trackAlias,
      track,
    };
    if (peer.closed) return undefined;
    peer.sources.set(ok.requestId, src);
    peer.aliases.set(ok.trackAlias, src);
    track.addSource(src, {
      largest: ok.largestLocation,
      extensions: ok.trackExtensions,
      version: peer.version,
      groupOrder: ok.groupOrder,
      maxCacheDurationMs: ok.parameters.maxCacheDurationMs,
    });
    logger.log("info", "upstream.subscribed", {
      track: describeTrack(track.name),
      session: peer.id,
      requestId: ok.requestId,
    });
    return src;
  })();
  track.upstreamPending.set(peer.id, attempt);
  const settled = attempt.then(
    () => undefined,
    (e: unknown) => {
      logger.log("info", "upstream.refused", {
        track: describeTrack(track.name),
        session: peer.id,
        reason: e instanceof Error ? e.message : String(e),
      });
    },
  );
  void settled.finally(() => {
    clock.clearTimeout(timer);
    track.upstreamPending.delete(peer.id);
    releaseIfIdle(ctx, track);
  });
  return attempt;
}

/** Resolves with the first source established by `attempts`; rejects with the last failure. */
function firstSource(attempts: Promise<TrackSource | undefined>[]): Promise<TrackSource> {
  return new Promise((resolve, reject) => {
    let left = attempts.length;
    let lastError: unknown;
    const failed = (e: unknown) => {
      lastError = e;
      if (--left === 0) reject(downstreamError(lastError));
    };
    for (const a of attempts) {
      a.then((src) => (src === undefined ? failed(undefined) : resolve(src)), failed);
    }
  });
}

/**
 * Makes sure `track` has an Established upstream subscription before a downstream
 * request is answered (§"Subscriber Interactions": the relay MUST have one before
 * SUBSCRIBE_OK). Without any publisher the request is held (hold.ts) for up to
 * `rendezvousMs` (capped by `holdTimeoutMs`), or refused at once when that is 0. Throws
 * the MoqtRequestError to answer with. The caller counts itself in `track.waiting`
 * until its subscription is attached, so the upstream is not released meanwhile.
 */
export async function acquireTrack(
  ctx: RelayContext,
  track: RelayTrack,
  rendezvousMs: number,
  onHold: (ticket: HoldTicket | undefined) => void,
): Promise<void> {
  const { clock, limits, logger } = ctx.options;
  const deadlineMs = clock.nowMs() + Math.min(rendezvousMs, limits.holdTimeoutMs);
  for (;;) {
    if (track.sources.size > 0) return;
    const publishers = ctx.namespaces.publishersFor(track.name.trackNamespace);
    if (publishers.length > 0) {
      // §"Publisher Interactions": SUBSCRIBE to every matching publisher.
      await firstSource(publishers.map((p) => subscribeUpstream(ctx, track, p)));
      return;
    }
    const waitMs = deadlineMs - clock.nowMs();
    if (waitMs <= 0) throw doesNotExist("no publisher for the track");
    const ticket = ctx.held.hold(track, waitMs);
    onHold(ticket);
    logger.log("info", "subscribe.held", { track: describeTrack(track.name), waitMs });
    try {
      await ticket.ready;
    } finally {
      onHold(undefined);
    }
  }
}

/**
 * An upstream subscription ended (PUBLISH_DONE, our UNSUBSCRIBE, or its session
 * left). When it was the track's last source, every subscription ends with
 * PUBLISH_DONE carrying `status`.
 */
export function dropSource(
  ctx: RelayContext,
  src: TrackSource,
  status: DoneStatus,
  reason: string,
): void {
  const peer = src.peer as RelayPeer;
  if (peer.sources.get(src.requestId) === src) peer.sources.delete(src.requestId);
  peer.aliases.delete(src.trackAlias, src);
  const track = src.track;
  if (track.removeSource(src)) {
    for (const d of [...track.subscribers]) d.finish(status, reason);
  }
  ctx.options.logger.log("info", "upstream.ended", {
    track: describeTrack(track.name),
    session: peer.id,
    status,
  });
  ctx.tracks.collect(track);
}

/**
 * The last subscriber left: UNSUBSCRIBE every upstream SUBSCRIBE of the track.
 * Tracks the publisher pushes with PUBLISH stay (they keep the cache warm).
 */
export function releaseIfIdle(ctx: RelayContext, track: RelayTrack): void {
  if (track.demand > 0) return;
  for (const src of [...track.sources]) {
    if (src.kind !== "subscribe") continue;
    const peer = src.peer as RelayPeer;
    if (!peer.session.isClosed) peer.session.unsubscribe(src.requestId);
    dropSource(ctx, src, "SUBSCRIPTION_ENDED", "no subscribers");
  }
  ctx.tracks.collect(track);
}
