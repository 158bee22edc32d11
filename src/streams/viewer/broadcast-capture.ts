// Headless capture of a live broadcast (seed 003 recipe 4) for Node and Deno:
// no DOM, no decoding. It subscribes over MoQT (QMux over WebSocket where there
// is no WebTransport) to the catalog, one video rendition and the audio, and
// hands out one CMAF init segment holding both tracks, then every fragment,
// retagged to that header's track ids: written in order they make one
// playable fragmented MP4.
import {
  ConnectionState,
  MoqtClient,
  MoqtClientErrorCode,
  type MoqtClientOptions,
  type Subscription,
} from "../../moqt/index.ts";
import { BroadcastViewerError, BroadcastViewerErrorCode as Code } from "../broadcast-errors.ts";
import {
  CATALOG_TRACK,
  type Catalog,
  type CatalogTrack,
  fromBase64,
  parseCatalog,
  videoRenditions,
} from "../catalog.ts";
import { combineInitSegments, retagFragment } from "../cmaf/combine.ts";
import { playbackTarget } from "./playback-target.ts";

/** One piece of the recording. */
export interface CaptureChunk {
  /** CMAF bytes: the init segment (ftyp + moov) or one fragment (moof + mdat). */
  readonly data: Uint8Array;
  /** The catalog track a fragment belongs to (undefined for the init segment). */
  readonly track: string | undefined;
  /** Wall-clock capture time of the fragment's first sample, µs (0 for the init segment). */
  readonly tsUs: number;
  /** A video fragment starting with a keyframe (always true for audio). */
  readonly keyframe: boolean;
}

/** Why a capture ended. */
export type CaptureCloseReason =
  /** The playback token was refused (bad, expired, for another stream). */
  | "auth_failed"
  /** The publisher ended the broadcast. */
  | "ended"
  /** `close()` was called. */
  | "closed"
  /** The relay connection failed for good, or the catalog was unusable. */
  | "error";

/** Options of `BroadcastViewer.open`. */
export interface BroadcastCaptureOptions {
  /**
   * Every chunk, in order. The first is the init segment (`isInit`); another
   * init segment comes only if the publisher changes the tracks' codecs (start a
   * new file there).
   */
  readonly onChunk: (isInit: boolean, chunk: CaptureChunk) => void;
  /** Called once when the capture stops, with why and a readable detail. */
  readonly onClose?: (reason: CaptureCloseReason, detail: string) => void;
  /** Video rendition to record (a catalog track name); default the highest. */
  readonly rendition?: string;
  /** Passed to the underlying `MoqtClient` (e.g. `webSocket` from the `ws` package in Node 20). */
  readonly client?: Omit<MoqtClientOptions, "token" | "signal">;
}

/** A running capture: `close()` stops it (`onClose("closed", …)`). */
export class BroadcastCapture {
  private readonly client: MoqtClient;
  private readonly namespace: string;
  private readonly subs: Subscription[] = [];
  private tracks: CatalogTrack[] = [];
  private initKey = "";
  private started = false;
  private hadTracks = false;
  private closed = false;

  constructor(
    url: string,
    private readonly o: BroadcastCaptureOptions,
  ) {
    if (typeof o?.onChunk !== "function") {
      throw new BroadcastViewerError(
        Code.INVALID_ARGUMENT,
        "BroadcastViewer.open(url, { onChunk }) needs an onChunk function",
      );
    }
    const target = playbackTarget(url, undefined, undefined, undefined);
    this.namespace = target.namespace;
    this.client = MoqtClient.connect(target.url, {
      ...o.client,
      ...(target.token !== undefined && { token: target.token }),
    });
    this.client.on("state", ({ state }) => {
      if (state === ConnectionState.Failed) this.failed(this.client.error);
    });
    this.client.connected().catch((e: unknown) => this.failed(this.client.error ?? e));
    this.client.subscribeFrame(this.namespace, CATALOG_TRACK, (_ts, _p, bytes) => {
      try {
        this.onCatalog(parseCatalog(bytes));
      } catch (e) {
        void this.finish("error", `unusable catalog: ${(e as Error).message}`);
      }
    });
  }

  private failed(e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    const auth = (e as { code?: string } | undefined)?.code === MoqtClientErrorCode.AUTH_REFUSED;
    void this.finish(auth ? "auth_failed" : "error", message);
  }

  private onCatalog(c: Catalog): void {
    if (c.tracks.length === 0) {
      if (this.hadTracks) void this.finish("ended", "the publisher ended the broadcast");
      return;
    }
    this.hadTracks = true;
    const videos = videoRenditions(c);
    const video = videos.find((t) => t.name === this.o.rendition) ?? videos[0];
    const audio = c.tracks.find((t) => t.kind === "audio");
    const tracks = [video, audio].filter((t): t is CatalogTrack => t?.initData !== undefined);
    const key = tracks.map((t) => `${t.name}:${t.initData}`).join("|");
    if (key === this.initKey) return;
    this.initKey = key;
    const init = combineInitSegments(tracks.map((t) => fromBase64(t.initData!)));
    this.o.onChunk(true, { data: init, track: undefined, tsUs: 0, keyframe: true });
    this.started = tracks.every((t) => t.kind !== "video");
    for (const s of this.subs.splice(0)) void s.close();
    this.tracks = tracks;
    for (const [i, t] of tracks.entries()) {
      const sub = this.client.subscribeVideo(this.namespace, t.name, (tsUs, bytes, keyframe) => {
        if (this.closed || this.tracks !== tracks) return;
        // The recording starts at a video keyframe, so it decodes from its first byte.
        if (!this.started && !(t.kind === "video" && keyframe)) return;
        this.started = true;
        const data = retagFragment(bytes, i + 1);
        this.o.onChunk(false, {
          data,
          track: t.name,
          tsUs,
          keyframe: keyframe || t.kind === "audio",
        });
      });
      this.subs.push(sub);
    }
  }

  private async finish(reason: CaptureCloseReason, detail: string): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close().catch(() => undefined);
    this.o.onClose?.(reason, detail);
  }

  /** Stops the capture and closes the relay session. */
  close(): Promise<void> {
    return this.finish("closed", "close() was called");
  }
}
