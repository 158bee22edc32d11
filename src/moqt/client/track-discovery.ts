// `client.tracks(prefix, { capability })`: a view of the tracks a namespace watch
// (namespace-watch.ts) finds under a prefix, optionally only those of one
// capability, as an async iterable and typed events.
import { type Listener, TypedEmitter } from "../session/emitter.ts";
import { namespaceHasPrefix } from "../wire/namespace.ts";
import { asyncDispose } from "./dispose.ts";
import type { MoqtClientError } from "./errors.ts";
import type { DiscoveredTrack, NamespaceWatch, WatchConsumer } from "./namespace-watch.ts";
import type { NamespaceName } from "./track-name.ts";

/** One change under a `tracks()` prefix. */
export interface TrackChange {
  /** "available": published (or found again after a reconnect); "ended": its last publisher left. */
  readonly type: "available" | "ended";
  readonly track: DiscoveredTrack;
}

/** Events of a `TrackDiscovery`. */
export interface TrackDiscoveryEvents {
  /** A matching track appeared. */
  available: DiscoveredTrack;
  /** A track reported as available ended. */
  ended: DiscoveredTrack;
  /** The relay refused the SUBSCRIBE_NAMESPACE (e.g. UNAUTHORIZED); asked again next session. */
  error: MoqtClientError;
}

/** Options of `MoqtClient.tracks`. */
export interface TracksOptions {
  /** Only tracks published with this capability. */
  readonly capability?: string;
  /** Aborting it closes the discovery (iterators end). */
  readonly signal?: AbortSignal;
}

/**
 * The tracks under a namespace prefix, as they appear and end: an async
 * iterable of `TrackChange` (each iterator starts with the tracks already
 * known) and typed events. Re-established on every reconnect; `close()` or the
 * `signal` ends it.
 */
export class TrackDiscovery implements AsyncIterable<TrackChange>, AsyncDisposable {
  /** The prefix as a "/"-separated path. */
  readonly prefix: string;
  /** The capability it selects, if any. */
  readonly capability: string | undefined;
  private readonly events = new TypedEmitter<TrackDiscoveryEvents>();
  /** The tracks reported as available, by Full Track Name key. */
  private readonly reported = new Map<string, DiscoveredTrack>();
  private readonly waiters = new Set<() => void>();
  private isClosed = false;
  private readonly leave: () => void;

  /** @internal Use `MoqtClient.tracks`. */
  constructor(watch: NamespaceWatch, scope: NamespaceName, options: TracksOptions) {
    this.prefix = scope.namespace;
    this.capability = options.capability;
    const consumer: WatchConsumer = {
      seen: ({ key, trackNamespace, track }) => {
        if (this.isClosed) return;
        if (this.reported.has(key)) {
          this.reported.set(key, track);
          return;
        }
        if (!namespaceHasPrefix(trackNamespace, scope.trackNamespace)) return;
        if (this.capability !== undefined && track.capability !== this.capability) return;
        this.reported.set(key, track);
        this.events.emit("available", track);
        this.wake();
      },
      ended: ({ key, track }) => {
        if (this.isClosed || !this.reported.delete(key)) return;
        this.events.emit("ended", track);
        this.wake();
      },
      error: (e) => this.events.emit("error", e),
      closed: () => void this.close(),
    };
    this.leave = watch.join(consumer);
    for (const t of watch.known()) consumer.seen(t);
    const signal = options.signal;
    if (signal?.aborted) void this.close();
    else signal?.addEventListener("abort", () => void this.close(), { once: true });
  }

  /** True once closed. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** The matching tracks known now. */
  get tracks(): DiscoveredTrack[] {
    return [...this.reported.values()];
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof TrackDiscoveryEvents>(
    type: K,
    listener: Listener<TrackDiscoveryEvents[K]>,
  ): () => void {
    return this.events.on(type, listener);
  }

  /** Removes a listener. */
  off<K extends keyof TrackDiscoveryEvents>(
    type: K,
    listener: Listener<TrackDiscoveryEvents[K]>,
  ): void {
    this.events.off(type, listener);
  }

  /** The known tracks as "available", then every change until the discovery closes. */
  async *[Symbol.asyncIterator](): AsyncGenerator<TrackChange, void, undefined> {
    const pending: TrackChange[] = this.tracks.map((track) => ({ type: "available", track }));
    const offs = [
      this.on("available", (track) => pending.push({ type: "available", track })),
      this.on("ended", (track) => pending.push({ type: "ended", track })),
    ];
    try {
      for (;;) {
        const next = pending.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (this.isClosed) return;
        await new Promise<void>((resolve) => this.waiters.add(resolve));
      }
    } finally {
      for (const off of offs) off();
    }
  }

  /** Stops discovering; iterators end. Never rejects. */
  close(): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    this.isClosed = true;
    this.leave();
    this.wake();
    return Promise.resolve();
  }

  /** `close()` for `await using`. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }

  private wake(): void {
    for (const w of this.waiters) w();
    this.waiters.clear();
  }
}
