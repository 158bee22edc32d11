// The page's end of a canvas's render worker (render-worker.ts): a canvas can
// hand its control to an OffscreenCanvas only once, so one worker owns it for
// the canvas's lifetime, and every backend that plays into the canvas (a new
// `play()`, a new publisher) opens a session on that same worker. Where
// OffscreenCanvas is missing or the worker cannot start, the video pipeline
// runs on the page's main thread instead.
import { startModuleWorker } from "../../core/start-worker.ts";
import type { MediaClock } from "./media-clock.ts";
import type { Sample } from "./media-sample.ts";
import type { RenderCommand, RenderMessage } from "./render-messages.ts";
import renderWorkerUrl from "./render-worker.ts?worker&url";
import { type FrameCounts, VideoPipeline, type VideoPipelineHooks } from "./video-pipeline.ts";

/** Longest wait for the worker to start (a busy machine starts workers slowly). */
const READY_TIMEOUT_MS = 10_000;

/** The WebCodecs backend's video path, wherever it runs. */
export interface VideoSink {
  switchTo(config: VideoDecoderConfig): void;
  push(samples: readonly Sample[]): void;
  start(): void;
  seek(ms: number): void;
  /** A display refresh of the page (a main-thread pipeline decodes and draws here). */
  tick(): void;
  readonly counts: FrameCounts;
  close(): void;
}

/**
 * The video path for `canvas`: its render worker, or on the main thread
 * where it has none. `draw` is where the main thread draws without one.
 */
export async function openVideoSink(
  canvas: HTMLCanvasElement | undefined,
  draw: HTMLCanvasElement,
  clock: MediaClock,
  config: VideoDecoderConfig,
  hooks: VideoPipelineHooks,
): Promise<VideoSink> {
  const renderer = canvas === undefined ? undefined : await rendererOf(canvas);
  if (renderer !== undefined) return renderer.open(clock, config, hooks);
  const pipeline = new VideoPipeline(draw, () => clock.ms, hooks);
  pipeline.configure(config);
  return pipeline;
}

/** Starts `canvas`'s render worker ahead of playback, so it loads while the session dials. */
export function prepareCanvas(canvas: HTMLCanvasElement): void {
  void rendererOf(canvas);
}

const renderers = new WeakMap<HTMLCanvasElement, Promise<CanvasRenderer | undefined>>();
const workers = new FinalizationRegistry<Worker>((worker) => worker.terminate());

function rendererOf(canvas: HTMLCanvasElement): Promise<CanvasRenderer | undefined> {
  let r = renderers.get(canvas);
  if (r === undefined) {
    r = CanvasRenderer.start(canvas);
    renderers.set(canvas, r);
  }
  return r;
}

let sessions = 0;

class CanvasRenderer {
  private current: { id: number; sink: WorkerVideoSink; hooks: VideoPipelineHooks } | undefined;

  private constructor(private readonly worker: Worker) {
    worker.onmessage = ({ data: m }: MessageEvent<RenderMessage>) => {
      const c = this.current;
      if (m.type === "ready" || c === undefined || m.session !== c.id) return;
      if (m.type === "error") return c.hooks.error(m.message);
      const first = c.sink.counts.presented === 0 && m.counts.presented > 0;
      c.sink.counts = m.counts;
      const at = m.firstShownAtEpochMs;
      if (first) c.hooks.shown(at === undefined ? performance.now() : at - performance.timeOrigin);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      this.current?.hooks.error(`the canvas render worker failed: ${e.message || "no detail"}`);
    };
  }

  /** Starts a worker and hands it the canvas once it runs; undefined where it cannot. */
  static async start(canvas: HTMLCanvasElement): Promise<CanvasRenderer | undefined> {
    if (typeof OffscreenCanvas === "undefined" || !("transferControlToOffscreen" in canvas)) {
      return undefined;
    }
    let started: { worker: Worker; loaded: () => void };
    try {
      started = startModuleWorker(renderWorkerUrl, "clutchcall-canvas-render");
    } catch {
      return undefined;
    }
    const { worker, loaded } = started;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ready = await new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
      worker.onmessage = () => resolve(true);
      worker.onerror = (e) => {
        e.preventDefault();
        resolve(false);
      };
    });
    clearTimeout(timer);
    loaded();
    let offscreen: OffscreenCanvas | undefined;
    try {
      // Throws when the canvas already has a context (the page drew into it).
      if (ready) offscreen = canvas.transferControlToOffscreen();
    } catch {}
    if (offscreen === undefined) {
      worker.terminate();
      return undefined;
    }
    const command: RenderCommand = { type: "canvas", canvas: offscreen };
    worker.postMessage(command, [offscreen]);
    workers.register(canvas, worker);
    return new CanvasRenderer(worker);
  }

  post(command: RenderCommand, transfer: Transferable[] = []): void {
    this.worker.postMessage(command, transfer);
  }

  /** A new session, which replaces the one before it on the canvas. */
  open(clock: MediaClock, config: VideoDecoderConfig, hooks: VideoPipelineHooks): WorkerVideoSink {
    const id = ++sessions;
    this.post({ type: "open", session: id, config });
    const sink = new WorkerVideoSink(this, id, clock);
    this.current = { id, sink, hooks };
    return sink;
  }

  end(id: number): void {
    if (this.current?.id !== id) return;
    this.current = undefined;
    this.post({ type: "close", session: id });
  }
}

/** One backend's session on a render worker; the media clock is posted on each change. */
class WorkerVideoSink implements VideoSink {
  counts: FrameCounts = { presented: 0, dropped: 0, late: 0 };
  private readonly unobserve: () => void;

  constructor(
    private readonly renderer: CanvasRenderer,
    private readonly session: number,
    private readonly clock: MediaClock,
  ) {
    this.unobserve = clock.observe(this.postClock);
    this.postClock();
  }

  private readonly postClock = (): void => {
    const s = this.clock.state();
    // The worker's performance.now() has its own origin: both sides read the epoch.
    const state = { ...s, baseAtMs: performance.timeOrigin + s.baseAtMs };
    this.renderer.post({ type: "clock", session: this.session, state });
  };

  switchTo(config: VideoDecoderConfig): void {
    this.renderer.post({ type: "switch", session: this.session, config });
  }

  push(samples: readonly Sample[]): void {
    // Copied out of the Object's buffer, whose whole would be cloned per view otherwise.
    const own = samples.map((s) => ({ ...s, data: s.data.slice() }));
    const transfer = own.map((s) => s.data.buffer as ArrayBuffer);
    this.renderer.post({ type: "samples", session: this.session, samples: own }, transfer);
  }

  start(): void {
    this.renderer.post({ type: "start", session: this.session });
  }

  seek(ms: number): void {
    this.renderer.post({ type: "seek", session: this.session, ms });
  }

  tick(): void {}

  close(): void {
    this.unobserve();
    this.renderer.end(this.session);
  }
}
