// The WebCodecs backend's audio: decoded AudioData → the broadcast audio
// worklet's ring buffer, played at the media clock's rate. While audio plays,
// the media clock follows it (what is heard now), so video syncs to sound;
// while there is none (start, seek, underrun, a suspended context) the clock
// runs on the page's time from where audio left it.
import broadcastAudioWorkletUrl from "../../../worklets/broadcast-audio.ts?worker&url";
import type { AudioClockStats } from "./audio-clock-engine.ts";
import {
  BROADCAST_AUDIO_PROCESSOR_NAME,
  type BroadcastAudioCommand,
  type BroadcastAudioMessage,
} from "./audio-messages.ts";
import type { MediaClock } from "./media-clock.ts";

/** A worklet report older than this (context time) no longer drives the clock. */
const STALE_S = 0.1;
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
  private epoch = 0;
  private droppedMs = 0;
  private closed = false;
  private suspendTimer: ReturnType<typeof setTimeout> | undefined;

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
      if (ctx.state === "running") this.flush();
    };
    const sync = () => this.post({ type: "clock", running: clock.isRunning, rate: clock.rate });
    sync();
    clock.follow(() => this.heardMs());
    clock.observe((change) => (change === "seek" ? this.flush() : sync()));
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

  /** Queues `data` (µs timestamps on the media timeline) for the worklet and closes it. */
  play(data: AudioData): void {
    try {
      if (this.closed) return;
      const durationMs = (data.numberOfFrames * 1000) / data.sampleRate;
      // Late audio plays too (a seek resets the decoder, so none is stale): the
      // clock follows it, so the picture waits for the sound.
      if (this.ctx.state !== "running") {
        this.droppedMs += durationMs;
        return;
      }
      const ch = data.numberOfChannels;
      const frames = data.numberOfFrames;
      const samples = new Float32Array(frames * ch);
      const plane = new Float32Array(frames);
      for (let c = 0; c < ch; c++) {
        data.copyTo(plane, { planeIndex: c, format: "f32-planar" });
        for (let i = 0; i < frames; i++) samples[i * ch + c] = plane[i]!;
      }
      const tsUs = data.timestamp;
      this.post({ type: "samples", tsUs, sampleRate: data.sampleRate, channels: ch, samples }, [
        samples.buffer,
      ]);
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
      state: this.ctx.state,
      outputRate: this.ctx.sampleRate,
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.suspendTimer);
    for (const type of GESTURES) document.removeEventListener(type, this.onGesture, true);
    this.clock.follow(undefined);
    this.clock.observe(undefined);
    this.post({ type: "close" });
    this.node.port.onmessage = null;
    this.ctx.onstatechange = null;
    void this.ctx.close().catch(() => undefined);
  }

  private readonly onGesture = (): void => {
    for (const type of GESTURES) document.removeEventListener(type, this.onGesture, true);
    if (!this.closed) void this.ctx.resume().catch(() => undefined);
  };

  /** Media time of the sound heard now, ms; undefined while no audio plays. */
  private heardMs(): number | undefined {
    const m = this.last;
    if (m === undefined || !m.playing || m.epoch !== this.epoch) return undefined;
    if (this.ctx.state !== "running") return undefined;
    const heard = this.heardContextTime();
    if (this.ctx.currentTime - m.contextTime > STALE_S) return undefined;
    return m.mediaUs / 1000 + (heard - m.contextTime) * 1000 * this.clock.rate;
  }

  /** Context time of the sample at the speaker now, s (output latency included). */
  private heardContextTime(): number {
    const out = this.ctx.getOutputTimestamp();
    if (
      out.contextTime !== undefined &&
      out.performanceTime !== undefined &&
      out.performanceTime > 0
    ) {
      return out.contextTime + (performance.now() - out.performanceTime) / 1000;
    }
    return this.ctx.currentTime - this.ctx.baseLatency - (this.ctx.outputLatency || 0);
  }

  private flush(): void {
    this.epoch++; // the old epoch's positions must not move the clock back
    this.post({ type: "flush", epoch: this.epoch });
  }

  private post(command: BroadcastAudioCommand, transfer: Transferable[] = []): void {
    if (!this.closed || command.type === "close") this.node.port.postMessage(command, transfer);
  }
}
