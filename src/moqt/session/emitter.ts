import { reportListenerError } from "./report-error.ts";
/** A listener for events of type `T`. */
export type Listener<T> = (event: T) => void;

/**
 * A minimal event emitter over a typed event map (`{ name: payload }`): names and
 * payloads are checked at compile time. A listener that throws does not stop the
 * others or the emitter; its error is reported (see `reportListenerError`).
 */
export class TypedEmitter<E extends object> {
  private readonly listeners = new Map<keyof E, Set<Listener<never>>>();

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof E>(type: K, listener: Listener<E[K]>): () => void {
    let set = this.listeners.get(type);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(listener as Listener<never>);
    return () => this.off(type, listener);
  }

  off<K extends keyof E>(type: K, listener: Listener<E[K]>): void {
    this.listeners.get(type)?.delete(listener as Listener<never>);
  }

  /** Whether anyone listens for `type`. */
  has<K extends keyof E>(type: K): boolean {
    return (this.listeners.get(type)?.size ?? 0) > 0;
  }

  emit<K extends keyof E>(type: K, event: E[K]): void {
    const set = this.listeners.get(type);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<E[K]>)(event);
      } catch (e) {
        reportListenerError(e);
      }
    }
  }

  removeAll(): void {
    this.listeners.clear();
  }
}
