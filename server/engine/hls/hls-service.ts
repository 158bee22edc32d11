/// <reference path="../store/node-sqlite.d.ts" />
// LL-HLS in the dev engine: /hls/<lv_…>/… for every live input, the playback
// token checked like the relay checks it, one relay feed per watched broadcast
// (started by the first request, stopped after a minute without requests).
import type { DatabaseSync } from "node:sqlite";
import type { Relay } from "../../relay/core/mod.ts";
import { inProcessClient } from "../live/in-process-client.ts";
import { inputByExternalId } from "../streams/live-input-store.ts";
import {
  mintPlaybackToken,
  PlaybackRefused,
  streamNamespacePath,
  verifyPlaybackToken,
} from "../streams/playback-token.ts";
import { PLAYBACK_PATH_PREFIX, PLAYBACK_TOKEN_PARAMETER } from "../streams/urls.ts";
import { HlsBroadcast } from "./hls-broadcast.ts";
import { feedFromRelay } from "./relay-feed.ts";
import { type HlsRefusal, handleHls } from "./serve-hls.ts";

/** A feed without requests for this long is stopped. */
const IDLE_MS = 60_000;

interface Watched {
  readonly hls: HlsBroadcast;
  readonly close: () => Promise<void>;
  lastUsedMs: number;
}

export class HlsService {
  readonly #watched = new Map<string, Watched>();
  #relay: Relay | undefined;
  readonly #sweep = setInterval(() => this.#dropIdle(), IDLE_MS / 4);

  constructor(private readonly db: DatabaseSync) {
    Deno.unrefTimer(this.#sweep);
  }

  /** The relay whose broadcasts are served (set once the dev server runs it). */
  attachRelay(relay: Relay): void {
    this.#relay = relay;
  }

  /** Serves `req` when its path is under /hls/; undefined otherwise. */
  handle(req: Request, cors: Record<string, string>): Promise<Response> | undefined {
    return handleHls(req, {
      cors,
      authorize: (id, token) => this.#authorize(id, token),
      broadcast: (id) => Promise.resolve(this.#broadcast(id)),
    });
  }

  async #authorize(id: string, token: string | null): Promise<HlsRefusal | undefined> {
    const input = inputByExternalId(this.db, id);
    if (input === undefined) return { status: 404, message: `no live input ${id}` };
    if (token === null)
      return { status: 401, message: "auth_failed: add the playback token as ?tok=" };
    try {
      await verifyPlaybackToken(this.db, input, token);
      return undefined;
    } catch (e) {
      if (!(e instanceof PlaybackRefused)) throw e;
      return {
        status: e.problem === "unauthorized" ? 403 : 401,
        message: `auth_failed: ${e.message}`,
      };
    }
  }

  #broadcast(id: string): HlsBroadcast | undefined {
    const known = this.#watched.get(id);
    if (known !== undefined) {
      known.lastUsedMs = Date.now();
      return known.hls;
    }
    const input = inputByExternalId(this.db, id);
    if (input === undefined || this.#relay === undefined) return undefined;
    // Through the stream resolver, with a token minted for each (re)dial.
    const client = inProcessClient(this.#relay, {
      path: `${PLAYBACK_PATH_PREFIX}${id}`,
      query: async () => {
        const { token } = await mintPlaybackToken(this.db, input, undefined);
        return new URLSearchParams({ [PLAYBACK_TOKEN_PARAMETER]: token });
      },
    });
    const hls = new HlsBroadcast();
    const feed = feedFromRelay(client, streamNamespacePath(input.org_id, id), hls);
    const close = async () => {
      await feed.close();
      await client.close();
    };
    this.#watched.set(id, { hls, close, lastUsedMs: Date.now() });
    return hls;
  }

  #dropIdle(): void {
    const now = Date.now();
    for (const [id, w] of this.#watched) {
      if (now - w.lastUsedMs < IDLE_MS) continue;
      this.#watched.delete(id);
      void w.close();
    }
  }

  /** Stops every feed. */
  async close(): Promise<void> {
    clearInterval(this.#sweep);
    const all = [...this.#watched.values()];
    this.#watched.clear();
    await Promise.allSettled(all.map((w) => w.close()));
  }
}
