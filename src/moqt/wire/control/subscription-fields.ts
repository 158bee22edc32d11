// draft-14 §"SUBSCRIBE" (and §"TRACK_STATUS", whose format is identical): the fixed
// fields after the Track Name,
//   Subscriber Priority (8), Group Order (8), Forward (8), Filter Type (i),
//   [Start Location (Location)], [End Group (i)]
// draft-16 carries them as parameters (param-values.ts).
import {
  type GroupOrder,
  readFlag,
  readGroupOrder,
  writeFlag,
  writeGroupOrder,
} from "../fields.ts";
import type { WireReader } from "../reader.ts";
import {
  filterSize,
  readFilter,
  type SubscriptionFilter,
  writeFilter,
} from "../subscription-filter.ts";
import type { WireWriter } from "../writer.ts";

export interface SubscriptionFields14 {
  readonly subscriberPriority: number;
  /** GroupOrder.PUBLISHER (0) is allowed here. */
  readonly groupOrder: GroupOrder;
  readonly forward: boolean;
  readonly filter: SubscriptionFilter;
}

export function subscriptionFields14Size(f: SubscriptionFields14): number {
  return 3 + filterSize(f.filter);
}

export function writeSubscriptionFields14(w: WireWriter, f: SubscriptionFields14): void {
  w.u8(f.subscriberPriority, "subscriber priority");
  writeGroupOrder(w, f.groupOrder);
  writeFlag(w, f.forward, "forward");
  writeFilter(w, f.filter);
}

export function readSubscriptionFields14(r: WireReader): SubscriptionFields14 {
  const subscriberPriority = r.u8("subscriber priority");
  const groupOrder = readGroupOrder(r);
  const forward = readFlag(r, "forward");
  // An inverted AbsoluteRange is answered with an INVALID_RANGE error, not a close.
  const filter = readFilter(r, false);
  return { subscriberPriority, groupOrder, forward, filter };
}
