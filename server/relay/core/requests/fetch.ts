// FETCH answered from the cache (draft-14/16 §"Fetch Handling", §"Joining Fetches").
import {
  type FetchAccept,
  type FetchItem,
  MoqtRequestError,
  MoqtSessionError,
  RequestErrorName,
} from "../../../../src/moqt/session/index.ts";
import { FetchErrorCode14 } from "../../../../src/moqt/wire/control/fetch/codes.ts";
import { type Fetch, fetchRangeValid } from "../../../../src/moqt/wire/control/fetch/fetch.ts";
import { compareLocations, GroupOrder, type Location } from "../../../../src/moqt/wire/index.ts";
import { afterAnswer, type RelayContext } from "../context.ts";
import { FetchJob } from "../fetch-job.ts";
import {
  type FetchRange,
  fetchEndLocation,
  inRange,
  joiningRange,
  lastIncluded,
  locationBefore,
} from "../fetch-range.ts";
import { fetchUpstream } from "../fetch-upstream.ts";
import type { FullTrackName } from "../names.ts";
import type { RelayPeer } from "../peer.ts";
import { toFetchObject } from "../relay-object.ts";
import type { RelayTrack } from "../track.ts";
import { authorize, checkRequestLimit } from "./checks.ts";

const invalidRange = (why: string) => MoqtRequestError.reject(RequestErrorName.INVALID_RANGE, why);

/** What a FETCH asks for: a track (known to the relay or not) and a range of it. */
interface FetchTarget {
  readonly name: FullTrackName;
  readonly track: RelayTrack | undefined;
  readonly range: FetchRange;
}

/** The track and range a FETCH asks for. */
async function resolveTarget(ctx: RelayContext, peer: RelayPeer, req: Fetch): Promise<FetchTarget> {
  const t = req.target;
  if (t.type === "standalone") {
    await authorize(ctx, peer, "subscribe", t.trackNamespace, req.parameters);
    // §"Fetch Handling": End Location MUST be the same or larger than Start Location.
    if (!fetchRangeValid(t.start, t.end)) throw invalidRange("End Location is before Start");
    const name = { trackNamespace: t.trackNamespace, trackName: t.trackName };
    return { name, track: ctx.tracks.get(name), range: { start: t.start, end: t.end } };
  }
  const d =
    peer.downstreams.get(t.joiningRequestId) ??
    (await peer.pending.get(t.joiningRequestId)?.settled);
  if (d === undefined || d.init.viaPublish) {
    // §"Joining Fetches": no such subscription in this session.
    throw MoqtRequestError.reject(
      RequestErrorName.INVALID_JOINING_REQUEST_ID,
      `no subscription ${t.joiningRequestId}`,
    );
  }
  // §"Joining Fetches": only with the Largest Object filter; anything else is a PROTOCOL_VIOLATION.
  if (d.init.filter?.type !== "largestObject") {
    throw MoqtSessionError.protocolViolation(
      "Joining FETCH for a subscription without Largest Object",
    );
  }
  // §"Joining Fetches": no Largest Location in SUBSCRIBE_OK MUST be INVALID_RANGE.
  if (d.init.largest === undefined)
    throw invalidRange("nothing was published before the subscription");
  const range = joiningRange(t.type, t.joiningStart, d.init.largest);
  if (compareLocations(range.start, lastIncluded(range)) > 0)
    throw invalidRange("Joining Start is after the end");
  return { name: d.track.name, track: d.track, range };
}

/** A publisher that can answer an upstream FETCH for `target`: a source of the track, else a namespace publisher. */
function publisherFor(ctx: RelayContext, target: FetchTarget): RelayPeer | undefined {
  for (const s of target.track?.sources ?? []) {
    const p = s.peer as RelayPeer;
    if (!p.closed) return p;
  }
  return ctx.namespaces.publishersFor(target.name.trackNamespace).find((p) => !p.closed);
}

/** Objects of `range` in the cache, in `order`, as FETCH items for `peer`. */
function cachedItems(
  track: RelayTrack,
  range: FetchRange,
  order: GroupOrder,
  peer: RelayPeer,
): FetchItem[] {
  const ids = track.cache.groupIds().filter((g) => g >= range.start.group && g <= range.end.group);
  if (order === GroupOrder.DESCENDING) ids.reverse();
  const out: FetchItem[] = [];
  for (const g of ids) {
    for (const o of track.cache.group(g)?.objects ?? []) {
      if (!inRange(range, o.groupId, o.objectId)) continue;
      const item = toFetchObject(o, peer.version);
      if (item !== undefined) out.push(item);
    }
  }
  return out;
}

/**
 * Answers a FETCH: from the cache when it holds the start of the range, else
 * from a publisher (an upstream FETCH), else with what the cache has. The
 * response stream opens after FETCH_OK.
 */
export async function onFetch(
  ctx: RelayContext,
  peer: RelayPeer,
  req: Fetch,
): Promise<FetchAccept> {
  checkRequestLimit(ctx, peer);
  const target = await resolveTarget(ctx, peer, req);
  const { track, range } = target;
  const largest = track?.largest;
  // §"Fetch Handling": a Start Location beyond the Largest Object MUST be INVALID_RANGE.
  if (largest !== undefined && compareLocations(range.start, largest) > 0) {
    throw invalidRange("Start Location is beyond the Largest Object");
  }
  const order =
    req.groupOrder === GroupOrder.PUBLISHER
      ? (track?.groupOrder ?? GroupOrder.ASCENDING)
      : req.groupOrder;
  const covered = track?.coveredFrom(ctx.options.clock.nowMs());
  const cached = covered !== undefined && compareLocations(range.start, covered) >= 0;
  let upstreamError: MoqtRequestError | undefined;
  if (!cached) {
    const publisher = publisherFor(ctx, target);
    if (publisher !== undefined) {
      try {
        return await forward(ctx, peer, req, target, publisher, order);
      } catch (e) {
        // The publisher cannot answer either: fall back to what the cache holds.
        if (!(e instanceof MoqtRequestError)) throw e;
        upstreamError = e;
      }
    }
  }
  if (track === undefined) {
    throw (
      upstreamError ??
      MoqtRequestError.reject(RequestErrorName.DOES_NOT_EXIST, "track not at this relay")
    );
  }
  if (largest === undefined) throw invalidRange("nothing was published");
  const items = cachedItems(track, range, order, peer);
  if (!cached) {
    // The start of the range is not in the cache and its status is unknown here.
    if (peer.draft === 14) {
      throw MoqtRequestError.reject(
        FetchErrorCode14.UNKNOWN_STATUS_IN_RANGE,
        "not in the relay cache",
      );
    }
    const marker = unknownUntil(range, covered, largest);
    if (order === GroupOrder.DESCENDING) items.push(marker);
    else items.unshift(marker);
  }
  const endLocation = fetchEndLocation(
    range,
    largest,
    (g) => track.cache.group(g)?.complete ?? false,
  );
  start(peer, req, order, items);
  ctx.options.logger.log("info", "fetch.served", {
    session: peer.id,
    requestId: req.requestId,
    objects: items.length,
  });
  const extensions = track.extensionsFor(peer.version);
  return {
    endOfTrack: false,
    endLocation,
    groupOrder: order,
    ...(extensions !== undefined && { trackExtensions: extensions }),
  };
}

/** Forwards the FETCH to `publisher` and relays its answer and Objects. */
async function forward(
  ctx: RelayContext,
  peer: RelayPeer,
  req: Fetch,
  target: FetchTarget,
  publisher: RelayPeer,
  order: GroupOrder,
): Promise<FetchAccept> {
  const up = await fetchUpstream(ctx, publisher, target.name, target.range, {
    subscriberPriority: req.subscriberPriority,
    groupOrder: order,
    target: peer.version,
  });
  start(peer, req, up.accept.groupOrder ?? order, up.items, () => up.cancel());
  return up.accept;
}

/** Queues the response stream once FETCH_OK is sent. */
function start(
  peer: RelayPeer,
  req: Fetch,
  order: GroupOrder,
  items: Iterable<FetchItem> | AsyncIterable<FetchItem>,
  onCancel?: () => void,
): void {
  const job = new FetchJob(
    peer.session,
    req.requestId,
    items,
    { subscriberPriority: req.subscriberPriority, groupOrder: order },
    () => peer.fetches.delete(req.requestId),
    onCancel,
  );
  peer.fetches.set(req.requestId, job);
  afterAnswer(() => peer.outbox.submit(job));
}

/**
 * draft-16 §"End of Range": an End of Unknown Range item covering the part of the
 * range before what the cache holds (up to the Largest Object when it holds nothing).
 */
function unknownUntil(
  range: FetchRange,
  covered: Location | undefined,
  largest: Location,
): FetchItem {
  const last = lastIncluded(range);
  let until = covered === undefined ? largest : (locationBefore(covered) ?? range.start);
  if (compareLocations(until, last) > 0) until = last;
  if (compareLocations(until, largest) > 0) until = largest;
  return { kind: "endOfRange", range: "unknown", groupId: until.group, objectId: until.object };
}
