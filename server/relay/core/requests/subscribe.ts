// A SUBSCRIBE from a subscriber (draft-14/16 §"Subscriber Interactions").
import {
  MoqtRequestError,
  RequestErrorName,
  type SubscribeAccept,
} from "../../../../src/moqt/session/index.ts";
import type { Subscribe } from "../../../../src/moqt/wire/control/subscribe/subscribe.ts";
import { GroupOrder } from "../../../../src/moqt/wire/index.ts";
import { afterAnswer, type RelayContext } from "../context.ts";
import type { Downstream } from "../downstream.ts";
import { invalidRange, windowFor } from "../filter.ts";
import type { HoldTicket } from "../hold.ts";
import type { RelayPeer } from "../peer.ts";
import { serveTrack } from "../serve.ts";
import type { RelayTrack } from "../track.ts";
import { acquireTrack, releaseIfIdle } from "../upstream.ts";
import { authorize, checkRequestLimit } from "./checks.ts";
import { trackAnswerParameters } from "./track-answer.ts";

/** Answers a SUBSCRIBE once the track has an Established upstream subscription. */
export async function onSubscribe(
  ctx: RelayContext,
  peer: RelayPeer,
  req: Subscribe,
): Promise<SubscribeAccept> {
  checkRequestLimit(ctx, peer);
  await authorize(ctx, peer, "subscribe", req.trackNamespace, req.parameters);
  const track = ctx.tracks.getOrCreate(req);
  // §"Subscriptions": a second subscription to a Track with the same role MUST fail.
  if (peer.subscribesTo(track)) {
    throw MoqtRequestError.reject(RequestErrorName.DUPLICATE_SUBSCRIPTION, "already subscribed");
  }
  rejectInvalidRange(req, track);
  let ticket: HoldTicket | undefined;
  let cancelled: string | undefined;
  let settle!: (d: Downstream<RelayTrack> | undefined) => void;
  const settled = new Promise<Downstream<RelayTrack> | undefined>((r) => {
    settle = r;
  });
  peer.pending.set(req.requestId, {
    track,
    settled,
    cancel: (reason) => {
      cancelled = reason;
      ticket?.cancel(reason);
    },
  });
  track.waiting++;
  try {
    await acquireTrack(ctx, track, req.parameters.rendezvousTimeoutMs ?? 0, (t) => {
      ticket = t;
    });
    if (cancelled !== undefined) {
      throw MoqtRequestError.reject(RequestErrorName.INTERNAL_ERROR, cancelled);
    }
    rejectInvalidRange(req, track);
    const largest = track.largest;
    const groupOrder = req.groupOrder !== GroupOrder.PUBLISHER ? req.groupOrder : track.groupOrder;
    const d = serveTrack(ctx, peer, track, {
      requestId: req.requestId,
      trackAlias: peer.nextAlias(),
      window: windowFor(req.filter, largest),
      forward: req.forward,
      subscriberPriority: req.subscriberPriority,
      groupOrder,
      filter: req.filter,
      largest,
      viaPublish: false,
      deliveryTimeoutMs: req.parameters.deliveryTimeoutMs,
    });
    settle(d);
    afterAnswer(() => d.activate());
    const extensions = track.extensionsFor(peer.version);
    return {
      trackAlias: d.trackAlias,
      groupOrder,
      ...(largest !== undefined && { largestLocation: largest }),
      parameters: trackAnswerParameters(track, peer.draft),
      ...(extensions !== undefined && { trackExtensions: extensions }),
    };
  } catch (e) {
    settle(undefined);
    throw e;
  } finally {
    peer.pending.delete(req.requestId);
    track.waiting--;
    releaseIfIdle(ctx, track);
  }
}

function rejectInvalidRange(req: Subscribe, track: RelayTrack): void {
  const why = invalidRange(req.filter, track.largest);
  if (why !== undefined) throw MoqtRequestError.reject(RequestErrorName.INVALID_RANGE, why);
}
