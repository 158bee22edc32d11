import { SessionClosedError } from "./errors.ts";

/**
 * A FIFO limiter for outgoing streams. Browsers grant a server only about 100
 * concurrent incoming unidirectional streams, so opens beyond `limit` wait
 * here, in order, until an earlier stream finishes.
 */
export class OpenQueue {
  #open = 0;
  #waiters: { resolve: (release: () => void) => void; reject: (error: Error) => void }[] = [];
  #closedError: Error | undefined;

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError("limit must be at least 1");
  }

  /** Streams currently holding a slot. */
  get openCount(): number {
    return this.#open;
  }

  /** Opens waiting for a slot. */
  get queued(): number {
    return this.#waiters.length;
  }

  /** Waits for a slot; resolves with a function that frees it (safe to call twice). */
  acquire(): Promise<() => void> {
    if (this.#closedError) return Promise.reject(this.#closedError);
    const release = this.tryAcquire();
    if (release !== undefined) return Promise.resolve(release);
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** A slot at once, as `acquire` gives it, or undefined when none is free (or closed). */
  tryAcquire(): (() => void) | undefined {
    if (this.#closedError || this.#open >= this.limit || this.#waiters.length > 0) return undefined;
    this.#open++;
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#open--;
      const next = this.#waiters.shift();
      if (next) {
        this.#open++;
        next.resolve(this.#releaser());
      }
    };
  }

  /** Rejects every waiting and future open. */
  close(error: Error = new SessionClosedError()): void {
    this.#closedError = error;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
  }
}
