// The relay's stream resolver: maps `/publish/<lv>?sk=` and `/playback/<lv>?tok=`
// sessions to the namespace `stream/<org>/<lv>`. A publish session needs the
// input's current stream key and may only publish there; a playback session may
// only subscribe there, its JWT verified inside every subscribe-side request
// (SUBSCRIBE, FETCH, TRACK_STATUS, SUBSCRIBE_NAMESPACE). It also keeps the
// per-broadcast analytics rows.
import type { DatabaseSync } from "node:sqlite";
import type { Action } from "../../relay/core/auth/grant.ts";
import type { PathAuthority, PathSession } from "../../relay/core/auth/path-auth.ts";
import type { RelayLogger } from "../../relay/core/mod.ts";
import { namespaceFromPath, type TrackNamespace } from "../../relay/core/names.ts";
import type { PeerOrigin } from "../../relay/core/peer.ts";
import {
  addToBroadcast,
  endBroadcast,
  liveBroadcastId,
  startBroadcast,
} from "../streams/analytics-store.ts";
import {
  inputByExternalId,
  type LiveInputRecord,
  streamKeyMatches,
} from "../streams/live-input-store.ts";
import {
  PlaybackRefused,
  streamNamespacePath,
  verifyPlaybackToken,
} from "../streams/playback-token.ts";
import { PLAYBACK_TOKEN_PARAMETER, STREAM_KEY_PARAMETER } from "../streams/urls.ts";
import { authFailed } from "./auth-failed.ts";
import { parseStreamPath } from "./stream-path.ts";

/** Resolves stream sessions against the engine's store. */
export class StreamResolver implements PathAuthority {
  constructor(
    private readonly db: DatabaseSync,
    private readonly logger: RelayLogger,
    private readonly nowMs: () => number = Date.now,
  ) {}

  authorize(origin: PeerOrigin): Promise<PathSession | undefined> {
    const path = parseStreamPath(origin.path);
    if (path === undefined) return Promise.resolve(undefined);
    const input = inputByExternalId(this.db, path.inputId);
    if (input === undefined) return this.#refuse(path.role, path.inputId, "unknown live input");
    const ns = namespaceFromPath(streamNamespacePath(input.org_id, input.external_input_id));
    if (path.role === "publish") {
      const key = origin.query.get(STREAM_KEY_PARAMETER);
      if (key === null || !streamKeyMatches(this.db, input.id, key)) {
        return this.#refuse("publish", path.inputId, "stream key refused");
      }
      return Promise.resolve(this.#publishSession(input, ns, key));
    }
    return Promise.resolve(
      this.#playbackSession(input, ns, origin.query.get(PLAYBACK_TOKEN_PARAMETER) ?? ""),
    );
  }

  #refuse(role: string, inputId: string, why: string): Promise<never> {
    this.logger.log("warn", "stream.refused", { role, input: inputId, reason: why });
    return Promise.reject(authFailed(why));
  }

  #publishSession(input: LiveInputRecord, ns: TrackNamespace, key: string): PathSession {
    const broadcast = startBroadcast(this.db, input);
    this.logger.log("info", "stream.publish", { input: input.external_input_id, broadcast });
    return {
      grants: [{ pub: [ns], sub: [] }],
      check: (action: Action) => {
        if (action !== "publish") {
          return this.#refuse(
            "publish",
            input.external_input_id,
            "a publish session may only publish",
          );
        }
        // A rotated key (or a deleted input) stops new publishes on open sessions too.
        if (!streamKeyMatches(this.db, input.id, key)) {
          return this.#refuse("publish", input.external_input_id, "stream key refused");
        }
        return Promise.resolve();
      },
      ended: (traffic) => {
        addToBroadcast(this.db, broadcast, { bytesIn: traffic.bytesIn });
        endBroadcast(this.db, broadcast);
      },
    };
  }

  #playbackSession(input: LiveInputRecord, ns: TrackNamespace, token: string): PathSession {
    let watching: { broadcast: string; sinceMs: number } | undefined;
    return {
      grants: [{ pub: [], sub: [ns] }],
      check: async (action: Action) => {
        if (action !== "subscribe") {
          return this.#refuse(
            "playback",
            input.external_input_id,
            "a playback session may only subscribe",
          );
        }
        try {
          await verifyPlaybackToken(this.db, input, token, this.nowMs());
        } catch (e) {
          if (!(e instanceof PlaybackRefused)) throw e;
          this.logger.log("warn", "stream.refused", {
            role: "playback",
            input: input.external_input_id,
            reason: e.message,
          });
          throw authFailed(e.message, e.problem);
        }
        const broadcast = liveBroadcastId(this.db, input.id);
        if (watching === undefined && broadcast !== undefined) {
          watching = { broadcast, sinceMs: this.nowMs() };
          addToBroadcast(this.db, broadcast, { viewerDelta: 1 });
        }
      },
      ended: (traffic) => {
        if (watching === undefined) return;
        addToBroadcast(this.db, watching.broadcast, {
          viewerDelta: -1,
          bytesOut: traffic.bytesOut,
          viewerSeconds: (this.nowMs() - watching.sinceMs) / 1000,
        });
      },
    };
  }
}
