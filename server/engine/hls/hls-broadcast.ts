// The LL-HLS view of one live broadcast: its catalog and one LiveHlsTrack per
// media track, fed with the same CMAF fragments the relay carries.
import { Buffer } from "node:buffer";
import { LiveHlsTrack, type LiveHlsTrackOptions } from "./live-track.ts";
import type { HlsCatalogTrack } from "./multivariant.ts";

/** A catalog track with its init segment inline (catalogformat "initData", base64). */
export interface HlsSourceTrack extends HlsCatalogTrack {
  readonly initData?: string;
}

export class HlsBroadcast {
  #catalog: readonly HlsSourceTrack[] = [];
  readonly #tracks = new Map<string, LiveHlsTrack>();
  readonly #waiters = new Set<() => void>();
  #ended = false;

  constructor(private readonly options: LiveHlsTrackOptions = {}) {}

  get catalog(): readonly HlsSourceTrack[] {
    return this.#catalog;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** A new or updated catalog: tracks whose init segment changed start over. */
  setCatalog(tracks: readonly HlsSourceTrack[]): void {
    this.#catalog = tracks.filter((t) => t.initData !== undefined);
    for (const t of this.#catalog) {
      const init = Buffer.from(t.initData!, "base64");
      const known = this.#tracks.get(t.name);
      if (known !== undefined && Buffer.compare(Buffer.from(known.init), init) === 0) continue;
      this.#tracks.get(t.name)?.end();
      this.#tracks.set(t.name, new LiveHlsTrack(new Uint8Array(init), this.options));
    }
    for (const w of [...this.#waiters]) w();
  }

  track(name: string): LiveHlsTrack | undefined {
    return this.#tracks.get(name);
  }

  /** One relayed object of media track `track`. */
  push(track: string, bytes: Uint8Array, groupStart: boolean, tsUs: number): void {
    this.#tracks.get(track)?.push(bytes, groupStart, tsUs);
  }

  /** The publisher ended the broadcast. */
  end(): void {
    this.#ended = true;
    for (const t of this.#tracks.values()) t.end();
    for (const w of [...this.#waiters]) w();
  }

  /** Resolves true once a catalog with tracks is known, false after `timeoutMs`. */
  whenReady(timeoutMs: number): Promise<boolean> {
    if (this.#catalog.length > 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (this.#catalog.length === 0 && !this.#ended) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(this.#catalog.length > 0);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        resolve(false);
      }, timeoutMs);
      this.#waiters.add(check);
    });
  }
}
