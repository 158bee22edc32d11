// <clutchcall-player>: a custom element that plays a live broadcast through
// BroadcastViewer, with its own controls, LIVE badge, latency, buffering and
// error display.
import {
  BroadcastViewer,
  BroadcastViewerError,
  BroadcastViewerErrorCode,
  type BroadcastViewerEvents,
  type BroadcastViewerOptions,
  type BroadcastViewerStats,
} from "../streams/index.ts";
import { Controls } from "./controls.ts";
import { errorText, isAtLiveEdge, latencyText } from "./status.ts";
import { TEMPLATE } from "./template.ts";

/** Seek this far behind the end of the buffer when jumping to live (s). */
const LIVE_EDGE_BACKOFF_S = 0.3;

/** The viewer events re-dispatched as they are (a record: a new viewer event fails typecheck here). */
const FORWARDED: Record<Exclude<keyof BroadcastViewerEvents, "error">, true> = {
  started: true,
  stalled: true,
  resumed: true,
  rendition: true,
  latency: true,
  audiosuspended: true,
  ended: true,
};

/** Attributes that define what plays: a change restarts playback. */
const SOURCE_ATTRIBUTES = ["src", "relay", "token", "latency"];

// Importable where there is no DOM (server-side rendering); defined only in browsers.
const Base = (typeof HTMLElement === "undefined" ? class {} : HTMLElement) as typeof HTMLElement;

/**
 * `<clutchcall-player>`: plays a live broadcast (MoQT → MediaSource) with
 * controls. Importing `@clutchcall/sdk/player` defines it.
 *
 * ```html
 * <clutchcall-player src="lv_…" relay="https://relay.example" token="eyJ…"
 *   autoplay muted controls></clutchcall-player>
 * ```
 *
 * Attributes (each also a property): `src` — a live input id (`lv_…`, `pb_…`),
 * a namespace path (`stream/<org>/<id>`) or a signed playback URL; `relay` —
 * the relay URL (not needed with a signed URL); `token` — the playback token;
 * `latency` — target glass-to-glass latency in ms; `autoplay` — play once
 * connected (else on the play button or `play()`); `muted`; `controls` — show
 * the control bar. Changing `src`, `relay`, `token` or `latency` restarts
 * playback; removing the element stops it.
 *
 * Events: `clutchcall-started`, `-stalled`, `-resumed`, `-rendition`, `-latency`,
 * `-error`, `-ended` (see {@link ClutchCallPlayerEventMap}); `-ended` fires once per
 * playback when it ends: the broadcast ended, a fatal error, `stop()` or removal (a
 * source change starts a new playback without it). Errors also show inside the
 * element. Styling: CSS parts `video`, `controls`, `play-button`, `mute-button`,
 * `volume`, `live-badge` (plus `live-badge-behind` when not at the live edge),
 * `latency`, `rendition-menu`, `fullscreen-button`, `buffering`, `error`; custom
 * properties `--clutchcall-accent`, `--clutchcall-controls-background`,
 * `--clutchcall-controls-color`, `--clutchcall-font`.
 */
export class ClutchCallPlayer extends Base {
  static readonly observedAttributes = [...SOURCE_ATTRIBUTES, "autoplay", "muted", "controls"];

  #root: ShadowRoot;
  #controls: Controls;
  #video: HTMLVideoElement;
  #viewer: BroadcastViewer | undefined;
  #wanted = false;
  #restartQueued = false;
  /** The playback whose `clutchcall-ended` has been dispatched (once per playback). */
  #endedFor: BroadcastViewer | undefined;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open" });
    this.#root.innerHTML = TEMPLATE;
    this.#video = this.#root.querySelector("video")!;
    this.#controls = new Controls({
      root: this.#root,
      host: this,
      video: () => this.#video,
      play: () => void this.play(),
      seekToLive: () => this.seekToLive(),
      setRendition: (name) => this.#setRendition(name),
    });
    this.#controls.watch(this.#video);
  }

  /** What to play: a live input id, a namespace path or a signed playback URL. */
  get src(): string {
    return this.getAttribute("src") ?? "";
  }
  set src(value: string) {
    this.setAttribute("src", value);
  }
  /** Relay URL (`https://…`), or a MoQT endpoint such as the dev relay's `/moq`. */
  get relay(): string {
    return this.getAttribute("relay") ?? "";
  }
  set relay(value: string) {
    this.setAttribute("relay", value);
  }
  /** Playback token (JWT) for an id `src`. */
  get token(): string {
    return this.getAttribute("token") ?? "";
  }
  set token(value: string) {
    this.setAttribute("token", value);
  }
  /** Target glass-to-glass latency, ms; `undefined` learns it from the stream. */
  get latency(): number | undefined {
    const v = this.getAttribute("latency");
    return v === null || v === "" ? undefined : Number(v);
  }
  set latency(ms: number | undefined) {
    if (ms === undefined) {
      this.removeAttribute("latency");
      return;
    }
    if (!(ms > 0)) throw invalid(`latency must be a positive number of ms, got ${ms}`);
    this.setAttribute("latency", String(ms));
  }
  get autoplay(): boolean {
    return this.hasAttribute("autoplay");
  }
  set autoplay(on: boolean) {
    this.toggleAttribute("autoplay", on);
  }
  get muted(): boolean {
    return this.hasAttribute("muted");
  }
  set muted(on: boolean) {
    this.toggleAttribute("muted", on);
  }
  get controls(): boolean {
    return this.hasAttribute("controls");
  }
  set controls(on: boolean) {
    this.toggleAttribute("controls", on);
  }

  connectedCallback(): void {
    // Properties set before the element was defined shadow the accessors: replay them.
    for (const name of ["src", "relay", "token", "latency", "autoplay", "muted", "controls"]) {
      if (Object.hasOwn(this, name)) {
        const value = (this as Record<string, unknown>)[name];
        delete (this as Record<string, unknown>)[name];
        (this as Record<string, unknown>)[name] = value;
      }
    }
    if (this.autoplay) this.#wanted = true;
    if (this.#wanted && this.#viewer === undefined) this.#queueRestart();
  }

  disconnectedCallback(): void {
    // A move within the document (disconnect + connect in one task) keeps playing.
    queueMicrotask(() => {
      if (!this.isConnected) void this.stop();
    });
  }

  attributeChangedCallback(name: string, before: string | null, after: string | null): void {
    if (before === after) return;
    if (name === "muted") this.#video.muted = after !== null;
    else if (name === "controls") this.#controls.bar.hidden = after === null;
    else if (name === "autoplay" && after !== null) {
      this.#wanted = true;
      if (this.#viewer === undefined) this.#queueRestart();
    } else if (SOURCE_ATTRIBUTES.includes(name) && (this.#wanted || this.#viewer !== undefined)) {
      this.#queueRestart();
    }
  }

  /** Starts playback (or resumes a paused one). Errors show in the element and as `clutchcall-error`. */
  async play(): Promise<void> {
    this.#wanted = true;
    if (this.#viewer === undefined) this.#start();
    else if (this.#video.paused) await this.#video.play().catch(() => undefined);
  }

  /**
   * Stops playback and closes the relay session; fires `clutchcall-ended` unless this
   * playback already ended. `play()` starts again at the live edge.
   */
  async stop(): Promise<void> {
    this.#wanted = false;
    const viewer = this.#viewer;
    this.#viewer = undefined;
    this.#show("buffering", false);
    this.#controls.reset();
    if (viewer !== undefined) this.#ended(viewer);
    await viewer?.stop();
  }

  /** Jumps to the live edge (the LIVE badge), resuming if paused. */
  seekToLive(): void {
    const v = this.#video;
    const b = v.buffered;
    if (b.length > 0) {
      v.currentTime = Math.max(b.start(b.length - 1), b.end(b.length - 1) - LIVE_EDGE_BACKOFF_S);
    }
    if (v.paused) void v.play().catch(() => undefined);
  }

  /** The viewer's statistics (latency, buffer, rendition, …); `undefined` when stopped. */
  stats(): BroadcastViewerStats | undefined {
    return this.#viewer?.stats();
  }

  #queueRestart(): void {
    if (this.#restartQueued) return;
    this.#restartQueued = true;
    queueMicrotask(() => {
      this.#restartQueued = false;
      if (!this.isConnected) return;
      const old = this.#viewer;
      this.#viewer = undefined;
      void old?.stop();
      this.#start();
    });
  }

  #start(): void {
    this.#show("error", false);
    this.#controls.reset();
    if (this.src === "") return;
    // A fresh <video> per playback: the stopped viewer's teardown cannot touch the new one.
    const video = this.#video.cloneNode() as HTMLVideoElement;
    video.muted = this.#video.muted;
    video.volume = this.#video.volume;
    this.#video.replaceWith(video);
    this.#video = video;
    this.#controls.watch(video);
    let viewer: BroadcastViewer;
    try {
      viewer = new BroadcastViewer(this.#options());
    } catch (e) {
      this.#fail(e);
      return;
    }
    this.#viewer = viewer;
    const forward = <K extends keyof BroadcastViewerEvents>(type: K) =>
      viewer.on(type, (detail) => {
        if (this.#viewer !== viewer) return;
        this.#onViewerEvent(type, detail);
        this.#dispatch(type, detail);
      });
    for (const type of Object.keys(FORWARDED) as (keyof typeof FORWARDED)[]) {
      if (type !== "ended") forward(type);
    }
    viewer.on("ended", () => {
      if (this.#viewer === viewer) this.#ended(viewer);
    });
    let failed = false;
    viewer.on("error", (e) => {
      failed = true;
      if (this.#viewer === viewer) this.#fail(e);
    });
    viewer.attach(video);
    // play() rejects with what the viewer has already reported as an event, or with a bad argument.
    viewer.play(this.src).catch((e: unknown) => {
      if (this.#viewer === viewer && !failed) this.#fail(e);
    });
  }

  #options(): BroadcastViewerOptions {
    const latency = this.latency;
    if (latency !== undefined && !(latency > 0)) {
      throw invalid(
        `latency must be a positive number of ms, got "${this.getAttribute("latency")}"`,
      );
    }
    return {
      ...(this.relay !== "" && { relayUrl: this.relay }),
      ...(this.token !== "" && { token: this.token }),
      ...(latency !== undefined && { targetLatencyMs: latency }),
    };
  }

  /** `clutchcall-ended`, once per playback: the broadcast ended, a fatal error, `stop()` or removal. */
  #ended(viewer: BroadcastViewer): void {
    if (this.#endedFor === viewer) return;
    this.#endedFor = viewer;
    this.#show("buffering", false);
    this.#dispatch("ended", undefined);
  }

  #dispatch<K extends keyof BroadcastViewerEvents>(
    type: K,
    detail: BroadcastViewerEvents[K],
  ): void {
    this.dispatchEvent(
      new CustomEvent(`clutchcall-${type}`, { detail, bubbles: true, composed: true }),
    );
  }

  #onViewerEvent(type: keyof BroadcastViewerEvents, detail: unknown): void {
    const s = this.#viewer?.stats();
    if (type === "stalled") this.#show("buffering", true);
    if (type === "started" || type === "resumed") this.#show("buffering", false);
    if (type === "latency") {
      const d = detail as BroadcastViewerEvents["latency"];
      this.#controls.setLive(
        isAtLiveEdge({ paused: this.#video.paused, ...d }),
        latencyText(d.latencyMs),
      );
    }
    if (s !== undefined) this.#controls.setRenditions(s.renditions, s.renditionMode, s.rendition);
  }

  #setRendition(name: string): void {
    try {
      this.#viewer?.setRendition(name);
    } catch (e) {
      this.#fail(e);
    }
  }

  /** Shows an error inside the element and dispatches `clutchcall-error`. */
  #fail(e: unknown): void {
    const err =
      e instanceof BroadcastViewerError
        ? e
        : new BroadcastViewerError(BroadcastViewerErrorCode.DECODE_ERROR, String(e), { cause: e });
    const text = errorText(err);
    const box = this.#part("error");
    box.querySelector("strong")!.textContent = text.title;
    box.querySelector("small")!.textContent = text.detail;
    this.#show("error", true);
    this.#show("buffering", false);
    this.dispatchEvent(
      new CustomEvent("clutchcall-error", { detail: err, bubbles: true, composed: true }),
    );
  }

  #part(name: string): HTMLElement {
    return this.#root.querySelector(`[part~="${name}"]`) as HTMLElement;
  }

  #show(name: "buffering" | "error", on: boolean): void {
    this.#part(name).hidden = !on;
  }
}

function invalid(message: string): BroadcastViewerError {
  return new BroadcastViewerError(BroadcastViewerErrorCode.INVALID_ARGUMENT, message);
}
