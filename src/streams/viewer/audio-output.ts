// The WebCodecs backend's audio: decoded AudioData → the broadcast audio
// worklet's ring buffer, played at the media clock the video follows too. The
// worklet is told where that clock is in context time — the sample rendered
// at a context time is the one due on the clock when it reaches the speaker
// (getOutputTimestamp) — on every seek, rate change and start/stop, and
// every second against drift between the audio and the page clocks.
import broadcastAudioWorkletUrl from "../../../worklets/broadcast-audio.ts?worker&url";
import type { AudioClockStats } from "./audio-clock-engine.ts";
import {
  BROADCAST_AUDIO_PROCESSOR_NAME,
  type BroadcastAudioCommand,
  type BroadcastAudioMessage,
} from "./audio-messages.ts";
import type { MediaClock } from "./media-clock.ts";

/** The clock's position in context time is sent again this often (clock drift, output latency). */
const ANCHOR_EVERY_MS = 1000;
/** `play()` that leaves the context suspended this long reports it (autoplay policy). */
const SUSPENDED_AFTER_MS = 500;
const GESTURES = ["pointerdown", "keydown", "touchend"] as const;

/** The WebCodecs backend's audio in `viewer.stats().audio`. */
export interface AudioOutputStats extends AudioClockStats {
  /**
   * The AudioContext's state: "suspended" when the browser's autoplay policy
   * holds sound until a user gesture (the output resumes on the next click or
   * key press in the page; video plays on meanwhile).
   */
  readonly state: AudioContextState;
  /** Sample rate of the output (the stream's audio is resampled to it), Hz. */
  readonly outputRate: number;
}

export class AudioOutput {
  private readonly gain: GainNode;
  private last: BroadcastAudioMessage | undefined;
  private droppedMs = 0;
  private closed = false;
  private suspendTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly anchorTimer: ReturnType<typeof setInterval>;
  private readonly unobserve: () => void;

  private constructor(
    private readonly ctx: AudioContext,
    private readonly node: AudioWorkletNode,
    private readonly clock: MediaClock,
    private readonly onSuspended: () => void,
  ) {
    this.gain = ctx.createGain();
    node.connect(this.gain).connect(ctx.destination);
    node.port.onmessage = (e: MessageEvent<BroadcastAudioMessage>) => {
      this.last = e.data;
    };
    ctx.onstatechange = () => {
      // Audio queued before a suspension is stale: start again at the playhead.
      if (ctx.state !== "running") return;
      this.post({ type: "flush" });
      this.anchor();
    };
    this.anchor();
    this.anchorTimer = setInterval(this.anchor, ANCHOR_EVERY_MS);
    // A seek flushes nothing: audio decoded ahead stays valid, and audio before
    // the new playhead is skipped as late.
    this.unobserve = clock.observe(this.anchor);
  }

  /**
   * Loads the worklet into a new AudioContext; `onSuspended` is called when
   * `play()` leaves the context suspended (the autoplay policy wants a gesture).
   */
  static async create(
    clock: MediaClock,
    channels: number,
    onSuspended: () => void,
  ): Promise<AudioOutput> {
    const ctx = new AudioContext({ latencyHint: "interactive" });
    try {
      await ctx.audioWorklet.addModule(broadcastAudioWorkletUrl);
      const node = new AudioWorkletNode(ctx, BROADCAST_AUDIO_PROCESSOR_NAME, {
        numberOfInputs: 0,
        numberOfOutputs: 1,
        outputChannelCount: [Math.min(2, Math.max(1, channels))],
      });
      return new AudioOutput(ctx, node, clock, onSuspended);
    } catch (e) {
      void ctx.close().catch(() => undefined);
      throw e;
    }
  }

  set volume(v: number) {
    this.gain.gain.value = v;
  }

  /** Whether the context plays (not suspended by the autoplay policy, not closed). */
  get running(): boolean {
    return !this.closed && this.ctx.state === "running";
  }

  /**
   * Queues `data`, whose first sample is at `tsUs` on the media timeline, for
   * the worklet and closes it; false when it was dropped (the context does not run).
   */
  play(data: AudioData, tsUs: number): boolean {
    try {
      if (this.closed) return false;
      // Late audio is skipped by the worklet; while suspended, none is kept.
      if (this.ctx.state !== "running") {
        this.droppedMs += (data.numberOfFrames * 1000) / data.sampleRate;
        return false;
      }
      const ch = data.numberOfChannels;
      const frames = data.numberOfFrames;
      const samples = new Float32Array(frames * ch);
      const plane = new Float32Array(frames);
      for (let c = 0; c < ch; c++) {
        data.copyTo(plane, { planeIndex: c, format: "f32-planar" });
        for (let i = 0; i < frames; i++) samples[i * ch + c] = plane[i]!;
      }
      this.post({ type: "samples", tsUs, sampleRate: data.sampleRate, channels: ch, samples }, [
        samples.buffer,
      ]);
      return true;
    } finally {
      data.close();
    }
  }

  /**
   * Resumes the context. Without a user gesture the autoplay policy may keep it
   * suspended: then `onSuspended` is called and the next gesture in the page resumes it.
   */
  resume(): void {
    if (this.closed || this.ctx.state !== "suspended") return;
    void this.ctx.resume().catch(() => undefined);
    clearTimeout(this.suspendTimer);
    this.suspendTimer = setTimeout(() => {
      if (this.closed || this.ctx.state !== "suspended") return;
      this.onSuspended();
      for (const type of GESTURES) document.addEventListener(type, this.onGesture, true);
    }, SUSPENDED_AFTER_MS);
  }

  stats(): AudioOutputStats {
    const s = this.last?.stats;
    return {
      bufferMs: s?.bufferMs ?? 0,
      underruns: s?.underruns ?? 0,
      silenceMs: s?.silenceMs ?? 0,
      droppedMs: (s?.droppedMs ?? 0) + this.droppedMs,
      playedMs: s?.playedMs ?? 0,
      clockErrorMs: s?.clockErrorMs ?? 0,
      state: this.ctx.state,
      outputRate: this.ctx.sampleRate,
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.suspendTimer);
    clearInterval(this.anchorTimer);
    for (const type of GESTURES) document.removeEventListener(type, this.onGesture, true);
    this.unobserve();
    this.post({ type: "close" });
    this.node.port.onmessage = null;
    this.ctx.onstatechange = null;
    void this.ctx.close().catch(() => undefined);
  }

  private readonly onGesture = (): void => {
    for (const type of GESTURES) document.removeEventListener(type, this.onGesture, true);
    if (!this.closed) void this.ctx.resume().catch(() => undefined);
  };

  /** Tells the worklet where the media clock is in context time. */
  private readonly anchor = (): void => {
    const out = this.ctx.getOutputTimestamp();
    let contextTime = this.ctx.currentTime;
    // The sample rendered at `contextTime` is heard at `heardAtMs` (page clock).
    let heardAtMs =
      performance.now() + (this.ctx.baseLatency + (this.ctx.outputLatency || 0)) * 1000;
    if (
      out.contextTime !== undefined &&
      out.performanceTime !== undefined &&
      out.performanceTime > 0
    ) {
      contextTime = out.contextTime;
      heardAtMs = out.performanceTime;
    }
    const c = this.clock;
    this.post({
      type: "clock",
      running: c.isRunning,
      rate: c.rate,
      contextTime,
      mediaUs: c.msAt(heardAtMs) * 1000,
    });
  };

  private post(command: BroadcastAudioCommand, transfer: Transferable[] = []): void {
    if (!this.closed || command.type === "close") this.node.port.postMessage(command, transfer);
  }
}
