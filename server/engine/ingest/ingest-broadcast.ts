// Publishes an ingested stream on the relay exactly as the browser
// BroadcastPublisher does: the catalog on `.catalog` (a frame track), one
// video-kind track per rendition with one CMAF fragment per Object and a
// keyframe fragment opening each Group, an empty catalog when it ends. Encoder
// reconnects continue the same tracks: each new session's timeline is shifted
// to start where the previous one stopped.
import { Buffer } from "node:buffer";
import type { FramePublication, MoqtClient, VideoPublication } from "../../../src/moqt/index.ts";
import { codecString } from "../media/codec-string.ts";
import { timeFragment, trackTiming } from "../media/split.ts";
import { initFacts, shiftDecodeTime, startsWithSync } from "../media/track-info.ts";

/** The capability tag of broadcast tracks (seed 002). */
export const BROADCAST_CAPABILITY = "media.broadcast";
const CATALOG_TRACK = ".catalog";
const PRIORITY = { catalog: 0, audio: 64, video: 128 } as const;

/** A track of the catalog, as the seed shapes it (initData: the init segment, base64). */
interface CatalogTrack {
  readonly name: string;
  readonly kind: "video" | "audio";
  readonly codec: string;
  readonly width?: number;
  readonly height?: number;
  readonly sampleRate?: number;
  readonly channels?: number;
  readonly initData: string;
}

interface TrackState {
  entry: CatalogTrack;
  init: Uint8Array;
  pub: VideoPublication;
  /** Where the next session's timeline starts (track timescale ticks). */
  endTicks: number;
  /** This session's shift, fixed by its first fragment. */
  shiftTicks: number | undefined;
  /** The session's first decode time of this track (before the shift). */
  firstTicks: number;
}

export class IngestBroadcast {
  readonly #catalog: FramePublication;
  readonly #tracks = new Map<"video" | "audio", TrackState>();
  /** Kinds the running session carries: the catalog waits for all their init segments. */
  readonly #expected = new Set<"video" | "audio">();
  /** Kinds whose init segment the running session delivered. */
  readonly #sessionInits = new Set<"video" | "audio">();
  /** The running session's catalog went out. */
  #listed = false;
  #ended = false;
  /** Wall-clock µs when the running session's first media message arrived. */
  #sessionWallUs = Date.now() * 1000;

  constructor(
    private readonly client: MoqtClient,
    private readonly namespace: string,
  ) {
    this.#catalog = client.publishFrame(namespace, CATALOG_TRACK, {
      capability: BROADCAST_CAPABILITY,
      schemaTag: "catalog+json",
      defaultPriority: PRIORITY.catalog,
    });
  }

  /**
   * A new encoder session whose first media message arrived at `wallUs`: its
   * timelines are shifted onto the broadcast's, its media time 0 is `wallUs`.
   */
  beginSession(wallUs: number): void {
    for (const t of this.#tracks.values()) t.shiftTicks = undefined;
    this.#expected.clear();
    this.#sessionInits.clear();
    this.#listed = false;
    this.#sessionWallUs = wallUs;
  }

  /** The running session carries `kind`: its init segment is on the way. */
  expect(kind: "video" | "audio"): void {
    this.#expected.add(kind);
  }

  /** The init segment of `kind` from the running session (new or changed → catalog update). */
  init(kind: "video" | "audio", init: Uint8Array, aacProfile?: string): void {
    const facts = initFacts(init);
    const codec = codecString(init, aacProfile);
    const entry: CatalogTrack =
      kind === "video"
        ? {
            name: `video/${facts.height}p`,
            kind,
            codec,
            width: facts.width,
            height: facts.height,
            initData: b64(init),
          }
        : {
            name: "audio",
            kind,
            codec,
            sampleRate: facts.timescale,
            channels: facts.channels,
            initData: b64(init),
          };
    const known = this.#tracks.get(kind);
    if (known !== undefined && known.entry.name === entry.name) {
      known.entry = entry;
      known.init = init;
    } else {
      void known?.pub.close();
      const pub = this.client.publishVideo(this.namespace, entry.name, {
        capability: BROADCAST_CAPABILITY,
        schemaTag: "cmaf",
        codec,
        ...(entry.width !== undefined && { width: entry.width }),
        ...(entry.height !== undefined && { height: entry.height }),
        defaultPriority: kind === "video" ? PRIORITY.video : PRIORITY.audio,
      });
      this.#tracks.set(kind, {
        entry,
        init,
        pub,
        endTicks: 0,
        shiftTicks: undefined,
        firstTicks: 0,
      });
    }
    this.#sessionInits.add(kind);
    // The first catalog waits for both kinds, or for the first fragment (a stream of one kind).
    if (this.#listed || (this.#sessionInits.has("video") && this.#sessionInits.has("audio"))) {
      this.#publishCatalog();
    }
  }

  /** One CMAF fragment (moof+mdat) of `kind`. */
  fragment(kind: "video" | "audio", bytes: Uint8Array): void {
    const t = this.#tracks.get(kind);
    if (t === undefined || this.#ended) return;
    if (!this.#listed) this.#publishCatalog();
    const timing = trackTiming(t.init);
    const { startTicks, durationTicks } = timeFragment(bytes, timing);
    const toUs = (ticks: number) => (ticks * 1_000_000) / timing.timescale;
    if (t.shiftTicks === undefined) {
      t.shiftTicks = Math.max(0, t.endTicks - startTicks);
      t.firstTicks = startTicks;
    }
    if (t.shiftTicks !== 0) shiftDecodeTime(bytes, t.shiftTicks);
    t.endTicks = startTicks + t.shiftTicks + durationTicks;
    // Capture time: when the session's first message arrived, plus the media time since.
    const wallUs = Math.round(this.#sessionWallUs + toUs(startTicks - t.firstTicks));
    const keyframe = kind === "audio" || startsWithSync(bytes, t.init);
    t.pub.write(wallUs, bytes, keyframe);
  }

  /** The running session's catalog is out, listing every track it carries. */
  get listed(): boolean {
    return this.#listed;
  }

  #publishCatalog(): void {
    if ([...this.#expected].some((k) => !this.#tracks.has(k))) return;
    const tracks = ["video", "audio"].flatMap((k) => this.#tracks.get(k as "video")?.entry ?? []);
    this.#catalog.write(Date.now() * 1000, encode({ version: 1, live: true, tracks }));
    this.#listed = true;
  }

  /** Ends the broadcast: an empty catalog tells viewers, then the tracks close. */
  async end(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    this.#catalog.write(Date.now() * 1000, encode({ version: 1, live: true, tracks: [] }));
    // The empty catalog is flushed before anything else closes.
    await this.#catalog.close();
    await Promise.allSettled([...this.#tracks.values()].map((t) => t.pub.close()));
    await this.client.close();
  }
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

function encode(catalog: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(catalog));
}
