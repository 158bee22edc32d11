// Objects arriving from publishers: subgroup streams and datagrams, matched to
// their track by Track Alias (§"Subscriber Interactions": relays use the Track
// Alias of an incoming Object to find its track and subscribers).
import {
  type IncomingSubgroupStream,
  MoqtErrorCode,
  MoqtStreamError,
  type ObjectDatagram,
  StreamResetCode,
  type SubgroupObject,
} from "../../../src/moqt/session/index.ts";
import type { RelayContext } from "./context.ts";
import { describeTrack } from "./names.ts";
import type { RelayPeer } from "./peer.ts";
import type { RelayObject } from "./relay-object.ts";
import type { RelayTrack } from "./track.ts";
import { UpstreamSubgroup } from "./upstream-stream.ts";

function relayObject(
  track: RelayTrack,
  peer: RelayPeer,
  groupId: number,
  subgroupId: number | undefined,
  priority: number | undefined,
  o: Pick<SubgroupObject, "objectId" | "status" | "extensions" | "payload">,
  endOfGroup: boolean,
  nowMs: number,
): RelayObject {
  return {
    groupId,
    subgroupId,
    objectId: o.objectId,
    publisherPriority: priority ?? track.defaultPublisherPriority,
    status: o.status,
    extensions: o.extensions,
    // The payload is a view into a transport chunk: own a copy (cache accounting, reuse).
    payload: o.payload.slice(),
    version: peer.version,
    endOfGroup,
    receivedAtMs: nowMs,
  };
}

/**
 * An Object over `maxObjectBytes` is refused visibly: the publisher's stream is stopped
 * (by the caller) and every subscription of the track ends with PUBLISH_DONE
 * INTERNAL_ERROR whose reason names the limit (draft-14/16 §"PUBLISH_DONE"), so
 * subscribers learn that something was not delivered; they may subscribe again.
 */
function refuseTooLarge(ctx: RelayContext, peer: RelayPeer, track: RelayTrack, what: string): void {
  const limit = ctx.options.limits.maxObjectBytes;
  const reason = `${what} is over the relay limit maxObjectBytes (${limit})`;
  ctx.options.logger.log("warn", "object.too_large", {
    session: peer.id,
    track: describeTrack(track.name),
    reason,
    limit,
  });
  for (const d of [...track.subscribers]) d.finish("INTERNAL_ERROR", reason);
}

/** Reads one subgroup stream from a publisher and feeds its track. */
export async function ingestSubgroup(
  ctx: RelayContext,
  peer: RelayPeer,
  stream: IncomingSubgroupStream,
): Promise<void> {
  const { limits, logger, clock } = ctx.options;
  const h = stream.header;
  const src = await peer.aliases.wait(h.trackAlias, limits.aliasWaitMs);
  if (src === undefined) {
    logger.log("warn", "stream.unknown_alias", { session: peer.id, alias: h.trackAlias });
    stream.cancel(StreamResetCode.CANCELLED);
    return;
  }
  const track = src.track;
  const up = UpstreamSubgroup.of(h);
  let clean = false;
  try {
    for (;;) {
      const o = await stream.read();
      if (o === undefined) break;
      if (o.payload.length > limits.maxObjectBytes) {
        const bytes = o.payload.length;
        refuseTooLarge(ctx, peer, track, `Object ${h.groupId}:${o.objectId} of ${bytes} bytes`);
        stream.cancel(StreamResetCode.INTERNAL_ERROR);
        return;
      }
      peer.traffic.bytesIn += o.payload.length;
      const subgroupId = stream.subgroupId ?? 0;
      const fed = track.ingest(
        relayObject(
          track,
          peer,
          h.groupId,
          subgroupId,
          h.publisherPriority,
          o,
          false,
          clock.nowMs(),
        ),
        up,
        src,
      );
      if (!fed) {
        stream.cancel(StreamResetCode.CANCELLED);
        return;
      }
    }
    clean = true;
  } catch (e) {
    // Reset by the publisher, the session failed, or an Object outgrew the bound mid-way.
    if (e instanceof MoqtStreamError && e.code === MoqtErrorCode.STREAM_TOO_LARGE) {
      refuseTooLarge(ctx, peer, track, `an Object of Group ${h.groupId}`);
    }
  } finally {
    track.endSubgroup(up, clean);
  }
}

/** Feeds one Object datagram from a publisher to its track; unknown aliases are dropped. */
export function ingestDatagram(ctx: RelayContext, peer: RelayPeer, d: ObjectDatagram): void {
  const src = peer.aliases.get(d.trackAlias);
  if (src === undefined) return;
  peer.traffic.bytesIn += d.payload.length;
  const track = src.track;
  track.ingestDatagram(
    relayObject(
      track,
      peer,
      d.groupId,
      undefined,
      d.publisherPriority,
      d,
      d.endOfGroup,
      ctx.options.clock.nowMs(),
    ),
    src,
  );
}
