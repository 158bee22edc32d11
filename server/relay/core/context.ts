import type { Authenticator } from "./auth/authenticator.ts";
import type { CacheBudget } from "./cache-budget.ts";
import type { ForwardDelay } from "./forward-delay.ts";
import type { HeldSubscribes } from "./hold.ts";
import type { NamespaceWatches } from "./namespace-watch.ts";
import type { NamespaceTable } from "./namespaces.ts";
import type { ResolvedRelayOptions } from "./options.ts";
import type { RelayPeer } from "./peer.ts";
import type { RelayTrack } from "./track.ts";
import type { TrackRegistry } from "./tracks.ts";

/** The relay's shared state, handed to every request and event handler. */
export interface RelayContext {
  readonly options: ResolvedRelayOptions;
  readonly auth: Authenticator;
  readonly tracks: TrackRegistry;
  readonly namespaces: NamespaceTable<RelayPeer>;
  readonly watches: NamespaceWatches<RelayPeer>;
  readonly held: HeldSubscribes<RelayTrack>;
  readonly budget: CacheBudget;
  readonly peers: Set<RelayPeer>;
  readonly forwardDelay: ForwardDelay;
}

/** Runs `fn` after the current task: after an answer returned by a handler was sent. */
export function afterAnswer(fn: () => void): void {
  setTimeout(fn, 0);
}
