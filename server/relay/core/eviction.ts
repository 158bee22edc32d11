// Which queued Group goes first when a subscriber falls behind: §"Priorities" sends
// higher priorities first, so under pressure the relay drops from the other end —
// the lowest subscriber priority, then the lowest publisher priority (higher
// numbers), then the oldest Group — and a subscription's newest Group last.

/** What eviction looks at for one outgoing stream. */
export interface VictimInfo {
  /** The stream carries the newest Group its subscription has started. */
  readonly newest: boolean;
  readonly subscriberPriority: number;
  readonly publisherPriority: number;
  readonly groupId: number;
}

/** Sort comparator: the first element is the first to drop. */
export function victimOrder(a: VictimInfo, b: VictimInfo): number {
  if (a.newest !== b.newest) return a.newest ? 1 : -1;
  if (a.subscriberPriority !== b.subscriberPriority) {
    return b.subscriberPriority - a.subscriberPriority;
  }
  if (a.publisherPriority !== b.publisherPriority) return b.publisherPriority - a.publisherPriority;
  return a.groupId - b.groupId;
}
