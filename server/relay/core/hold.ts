// SUBSCRIBE before the publisher arrives (seed: "the relay holds a subscribe for a
// namespace that has not been announced yet"): when the subscriber asks for it with
// RENDEZVOUS_TIMEOUT, the answer is withheld until a publisher for the track appears,
// bounded in time and count, then DOES_NOT_EXIST. Without it: DOES_NOT_EXIST at once.
import { MoqtRequestError, RequestErrorName } from "../../../src/moqt/session/index.ts";
import type { RelayClock, TimerHandle } from "./clock.ts";

/** A held request: `ready` resolves when the track has a publisher, rejects on timeout or cancel. */
export interface HoldTicket {
  readonly ready: Promise<void>;
  /** Gives the hold up (the subscriber withdrew or left). */
  cancel(reason: string): void;
}

/** Bounds of holding. */
export interface HoldLimits {
  readonly maxHeldSubscribes: number;
}

/**
 * The Retry Interval sent with DOES_NOT_EXIST (draft-16 §"REQUEST_ERROR": the minimum
 * time before the request SHOULD be sent again; 0 would mean never): a publisher may
 * still come, so a prompt retry is welcome (subscribers back off further themselves).
 */
export const DOES_NOT_EXIST_RETRY_MS = 100;

/** The answer for a track without a publisher. */
export function doesNotExist(reason: string): MoqtRequestError {
  return MoqtRequestError.reject(RequestErrorName.DOES_NOT_EXIST, reason, DOES_NOT_EXIST_RETRY_MS);
}

interface Entry {
  readonly resolve: () => void;
  readonly reject: (e: MoqtRequestError) => void;
  readonly timer: TimerHandle;
}

/** Held SUBSCRIBEs by track (any key object). */
export class HeldSubscribes<K> {
  private readonly byKey = new Map<K, Set<Entry>>();
  private held = 0;

  constructor(
    private readonly limits: HoldLimits,
    private readonly clock: RelayClock,
  ) {}

  /** Requests held right now. */
  get count(): number {
    return this.held;
  }

  /** Keys with held requests. */
  keys(): K[] {
    return [...this.byKey.keys()];
  }

  /**
   * Holds a request for `key` at most `timeoutMs`; throws DOES_NOT_EXIST when too many
   * are held already.
   */
  hold(key: K, timeoutMs: number): HoldTicket {
    if (this.held >= this.limits.maxHeldSubscribes) {
      throw doesNotExist(
        `no publisher, and ${this.limits.maxHeldSubscribes} requests are already waiting for one`,
      );
    }
    let entry!: Entry;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.remove(key, entry);
        reject(doesNotExist(`no publisher within ${timeoutMs} ms`));
      }, timeoutMs);
      entry = { resolve, reject, timer };
    });
    ready.catch(() => undefined);
    const set = this.byKey.get(key) ?? new Set<Entry>();
    set.add(entry);
    this.byKey.set(key, set);
    this.held++;
    return {
      ready,
      cancel: (reason) => {
        if (!this.remove(key, entry)) return;
        this.clock.clearTimeout(entry.timer);
        entry.reject(doesNotExist(reason));
      },
    };
  }

  /** A publisher for `key` appeared: release every request held for it. */
  wake(key: K): void {
    const set = this.byKey.get(key);
    if (set === undefined) return;
    this.byKey.delete(key);
    this.held -= set.size;
    for (const e of set) {
      this.clock.clearTimeout(e.timer);
      e.resolve();
    }
  }

  private remove(key: K, entry: Entry): boolean {
    const set = this.byKey.get(key);
    if (set === undefined || !set.delete(entry)) return false;
    this.held--;
    if (set.size === 0) this.byKey.delete(key);
    return true;
  }
}
