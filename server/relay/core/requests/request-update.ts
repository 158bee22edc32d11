// REQUEST_UPDATE (draft-16) / SUBSCRIBE_UPDATE (draft-14) of a subscription the
// relay serves: Forward State, subscriber priority, and the filter.
import type { RequestAccept } from "../../../../src/moqt/session/index.ts";
import type { RequestUpdate } from "../../../../src/moqt/wire/control/subscribe/request-update.ts";
import type { RelayContext } from "../context.ts";
import { windowFor } from "../filter.ts";
import type { RelayPeer } from "../peer.ts";

/** Applies an update; updates of other requests change nothing here and are accepted. */
export function onRequestUpdate(
  _ctx: RelayContext,
  peer: RelayPeer,
  req: RequestUpdate,
): RequestAccept | undefined {
  const d = peer.downstreams.get(req.existingRequestId);
  if (d === undefined) return undefined;
  const largest = d.track.largest;
  d.update({
    ...(req.forward !== undefined && { forward: req.forward }),
    ...(req.subscriberPriority !== undefined && { subscriberPriority: req.subscriberPriority }),
    ...(req.filter !== undefined && { window: windowFor(req.filter, largest) }),
    ...(req.parameters.deliveryTimeoutMs !== undefined && {
      deliveryTimeoutMs: req.parameters.deliveryTimeoutMs,
    }),
  });
  return largest !== undefined ? { largestLocation: largest } : undefined;
}
