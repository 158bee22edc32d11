// Feeds an HlsBroadcast from the relay: the `.catalog` track (an empty catalog
// after a non-empty one means the broadcast ended) and one subscription per
// media track it lists, each Object a CMAF fragment.
import type { MoqtClient, Subscription } from "../../../src/moqt/index.ts";
import type { HlsBroadcast, HlsSourceTrack } from "./hls-broadcast.ts";

/** The in-band catalog track (seed 002 "Wire model"). */
export const CATALOG_TRACK = ".catalog";

/** A running feed; `close()` ends its subscriptions (not the client). */
export interface RelayFeed {
  close(): Promise<void>;
}

function parseTracks(bytes: Uint8Array): HlsSourceTrack[] | undefined {
  try {
    const catalog = JSON.parse(new TextDecoder().decode(bytes)) as { tracks?: unknown };
    return Array.isArray(catalog.tracks) ? (catalog.tracks as HlsSourceTrack[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Subscribes `client` to the broadcast at `namespace` and pushes what arrives into `hls`. */
export function feedFromRelay(client: MoqtClient, namespace: string, hls: HlsBroadcast): RelayFeed {
  const media = new Map<string, Subscription>();
  const catalog = client.subscribeFrame(namespace, CATALOG_TRACK, (_tsUs, _priority, bytes) => {
    const tracks = parseTracks(bytes);
    if (tracks === undefined) return;
    if (tracks.length === 0) {
      if (hls.catalog.length > 0) hls.end();
      return;
    }
    hls.setCatalog(tracks);
    for (const t of tracks) {
      if (media.has(t.name)) continue;
      const sub = client.subscribeVideo(namespace, t.name, (tsUs, fragment, keyframe) => {
        try {
          hls.push(t.name, fragment, keyframe, tsUs);
        } catch {
          // A fragment that cannot be timed is left out of the playlists.
        }
      });
      media.set(t.name, sub);
    }
  });
  return {
    async close() {
      await Promise.allSettled([catalog.close(), ...[...media.values()].map((s) => s.close())]);
    },
  };
}
