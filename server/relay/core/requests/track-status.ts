// TRACK_STATUS (draft-16 §"TRACK_STATUS"): answered from the relay's state when it
// has an Established subscription, else forwarded to a matching publisher.
import {
  MoqtRequestError,
  type RequestAccept,
  RequestErrorName,
} from "../../../../src/moqt/session/index.ts";
import type { TrackStatus } from "../../../../src/moqt/wire/control/track-status/track-status.ts";
import { decide } from "../auth/grant.ts";
import type { RelayContext } from "../context.ts";
import type { RelayPeer } from "../peer.ts";
import { downstreamError } from "../upstream.ts";
import { authorize } from "./checks.ts";
import { trackAnswerParameters } from "./track-answer.ts";

/** Answers TRACK_STATUS. */
export async function onTrackStatus(
  ctx: RelayContext,
  peer: RelayPeer,
  req: TrackStatus,
): Promise<RequestAccept | undefined> {
  // A publisher may ask about its own tracks (a client's liveness probe); anyone else
  // needs the right to subscribe.
  const own = decide(peer.grants, "publish", req.trackNamespace, ctx.options.clock.nowMs());
  const action = own === "allow" ? "publish" : "subscribe";
  await authorize(ctx, peer, action, req.trackNamespace, req.parameters);
  const track = ctx.tracks.get(req);
  if (track !== undefined && track.sources.size > 0) {
    return {
      ...(track.largest !== undefined && { largestLocation: track.largest }),
      groupOrder: track.groupOrder,
      parameters: trackAnswerParameters(track, peer.draft),
    };
  }
  let failure: unknown;
  // §"TRACK_STATUS": relays without a subscription MAY forward it to publishers.
  for (const pub of ctx.namespaces.publishersFor(req.trackNamespace)) {
    try {
      const r = await pub.session.trackStatus({
        trackNamespace: req.trackNamespace,
        trackName: req.trackName,
      });
      return {
        ...(r.largestLocation !== undefined && { largestLocation: r.largestLocation }),
        ...(r.groupOrder !== undefined && { groupOrder: r.groupOrder }),
      };
    } catch (e) {
      failure = e;
    }
  }
  if (failure !== undefined) throw downstreamError(failure);
  throw MoqtRequestError.reject(RequestErrorName.DOES_NOT_EXIST, "no publisher for the track");
}
