// draft-14/16 §"Scheduling Algorithm" mapped onto W3C WebTransport `sendOrder`,
// where a higher value is sent first: subscriber priority first, then publisher
// priority (lower numbers win in both), then the group order.
import { GroupOrder } from "../wire/fields.ts";

/** What decides when a subgroup's stream is scheduled. */
export interface StreamPriority {
  /** 0..255, lower first (the subscription's Subscriber Priority). */
  readonly subscriberPriority: number;
  /** 0..255, lower first (the subgroup's Publisher Priority). */
  readonly publisherPriority: number;
  readonly groupId: number;
  /** Descending sends newer groups first; anything else, older groups first. */
  readonly groupOrder: GroupOrder;
}

const GROUP_SPAN = 2 ** 32;

/** The `sendOrder` for a subgroup stream; fits in a safe integer. */
export function sendOrderFor(p: StreamPriority): number {
  const rank = (255 - p.subscriberPriority) * 256 + (255 - p.publisherPriority);
  const group = p.groupId % GROUP_SPAN;
  const within = p.groupOrder === GroupOrder.DESCENDING ? group : GROUP_SPAN - 1 - group;
  return rank * GROUP_SPAN + within;
}
