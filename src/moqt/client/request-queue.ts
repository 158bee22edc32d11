import type { SessionLink } from "./session-link.ts";

/** A publication or subscription: something to (re)establish on every session. */
export interface Attachable {
  /** Identifies the track and role ("pub:" / "sub:" + Full Track Name key). */
  readonly queueKey: string;
  /** A session is up: send the PUBLISH / SUBSCRIBE on it. */
  attach(link: SessionLink): void;
  /** That session ended: forget everything bound to it. */
  detach(link: SessionLink): void;
  /** True once the handle was closed. */
  readonly closed: boolean;
  /** Closes the handle (it leaves the queue). */
  close(): Promise<void>;
}

/**
 * The client's publish and subscribe requests. Calls made before the session is
 * up wait here and are sent once it is; every request is replayed on each
 * reconnect, until its handle is closed.
 */
export class RequestQueue {
  private readonly items = new Map<string, Attachable>();
  private link: SessionLink | undefined;

  /** Whether a request for the same track and role is already queued. */
  has(key: string): boolean {
    return this.items.has(key);
  }

  /** Queues `item`; it is sent at once when a session is up. A closed item is ignored. */
  add(item: Attachable): void {
    if (item.closed) return;
    this.items.set(item.queueKey, item);
    if (this.link !== undefined) item.attach(this.link);
  }

  /** Forgets `item` (its handle closed). */
  remove(item: Attachable): void {
    if (this.items.get(item.queueKey) === item) this.items.delete(item.queueKey);
  }

  /** Replays every request on `link`. */
  attachAll(link: SessionLink): void {
    this.link = link;
    for (const item of [...this.items.values()]) item.attach(link);
  }

  /** `link` ended. */
  detachAll(link: SessionLink): void {
    if (this.link === link) this.link = undefined;
    for (const item of [...this.items.values()]) item.detach(link);
  }

  /** Every queued request, for `close()`. */
  all(): Attachable[] {
    return [...this.items.values()];
  }
}
