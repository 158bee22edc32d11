import type { TrackEvent } from "./tracks.ts";

/** Track events of a relay, delivered to watchers; a throwing watcher does not stop the others. */
export class RelayEvents {
  private readonly listeners = new Set<(e: TrackEvent) => void>();

  on(listener: (e: TrackEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: TrackEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        // a watcher's failure is its own
      }
    }
  }
}
