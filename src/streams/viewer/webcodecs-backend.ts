// The low-latency render backend: CMAF samples decoded with WebCodecs
// (VideoDecoder, AudioDecoder), video drawn to a <canvas> on every display
// refresh at the media clock — by the canvas's render worker, or on the main
// thread where it has none (canvas-renderer.ts) — audio through an AudioWorklet
// that plays the sample due on that same clock (audio-output.ts). Video is
// decoded just ahead of the playhead, so few decoded frames are ever held;
// audio as soon as it arrives.
import { BroadcastViewerError, BroadcastViewerErrorCode as Code } from "../broadcast-errors.ts";
import { type CatalogTrack, fromBase64 } from "../catalog.ts";
import { readFragment, readInitSegment } from "../cmaf/read.ts";
import { AudioOutput, type AudioOutputStats } from "./audio-output.ts";
import { openVideoSink, type VideoSink } from "./canvas-renderer.ts";
import { CLOCK_AHEAD_MIN_MS, inHand, startAction } from "./clock-gate.ts";
import { MediaClock } from "./media-clock.ts";
import { MediaRanges } from "./media-ranges.ts";
import { chunk, insertInOrder, type Sample } from "./media-sample.ts";
import type { BackendCallbacks, RenderBackend } from "./render-backend.ts";

/**
 * Audio is decoded as soon as it arrives, up to this far ahead of the playhead
 * (the worklet's ring holds 2 s): a busy main thread then delays the audio
 * already in the worklet by nothing.
 */
const AUDIO_LOOKAHEAD_MS = 1500;
/** The clock waits when less decoded audio than this is ahead of it… */
const AUDIO_AHEAD_MIN_MS = 20;
/**
 * …for at most this long, and goes back at most this far to where the sound
 * ran out: audio later than this (lost by the publisher, or held up on the
 * way) is left out until it comes, and what comes of it late is skipped.
 */
const AUDIO_LATE_MAX_MS = 500;
/** Media kept behind the playhead in the range bookkeeping. */
const BACK_MS = 10_000;

function videoConfig(track: CatalogTrack): { config: VideoDecoderConfig; timescale: number } {
  const init = readInitSegment(fromBase64(track.initData!));
  if (init.kind !== "video") throw new Error(`${track.name} is not a video track`);
  return {
    timescale: init.timescale,
    config: { codec: track.codec, description: init.avcC, optimizeForLatency: true },
  };
}

export class WebCodecsBackend implements RenderBackend {
  private readonly canvas: HTMLCanvasElement;
  private readonly clock = new MediaClock();
  private readonly ranges = new MediaRanges();
  private video: VideoSink | undefined;
  private audio: AudioDecoder | undefined;
  private sound: AudioOutput | undefined;
  private videoTimescale = 90_000;
  private audioTimescale = 48_000;
  private readonly audioQueue: Sample[] = [];
  /**
   * Timestamps (µs) of the audio chunks being decoded, oldest first. Chromium's
   * AudioDecoder stamps its output by counting samples from the first chunk, so
   * a gap in the input (audio the publisher lost) would shift all later audio
   * back: each output takes its input's timestamp instead (one per Opus packet).
   */
  private readonly audioStamps: number[] = [];
  /** End of the audio decoded and handed to the worklet, ms of media time. */
  private audioEndMs = Number.NEGATIVE_INFINITY;
  /** Since when (page clock) the clock has waited for audio, or undefined. */
  private audioWaitSinceMs: number | undefined;
  /** Audio was missing longer than AUDIO_LATE_MAX_MS: the clock runs without it until it comes. */
  private audioLeftOut = false;
  /** Where the last seek moved the playhead, ms. */
  private seekedToMs = Number.NEGATIVE_INFINITY;
  /** Timestamp of the last audio sample decoded, ms. */
  private audioFedMs = Number.NEGATIVE_INFINITY;
  private started = false;
  /**
   * The clock has run: it starts only once the first frame is showing and
   * what the clock waits for is decoded ahead of it (a start, not a stall).
   */
  private primed = false;
  /** When `start` was called (page clock), for the longest wait for audio. */
  private startedAtMs = 0;
  private firstShown = false;
  /** The audio output is being opened: the first start of the clock waits for it. */
  private audioOpening = false;
  private waiting = false;
  private closed = false;
  private raf = 0;
  private shown: (atMs: number) => void = () => undefined;
  readonly firstFrame = new Promise<number>((resolve) => {
    this.shown = (atMs) => {
      this.firstShown = true;
      resolve(atMs);
    };
  });

  constructor(
    private readonly target: HTMLCanvasElement | HTMLVideoElement,
    private readonly cb: BackendCallbacks,
  ) {
    this.canvas = target instanceof HTMLCanvasElement ? target : document.createElement("canvas");
  }

  /** Checks that WebCodecs can decode `track`; throws UNSUPPORTED_CODEC otherwise. */
  static async check(track: CatalogTrack): Promise<void> {
    if (typeof VideoDecoder === "undefined" || typeof AudioDecoder === "undefined") {
      throw new BroadcastViewerError(Code.UNSUPPORTED, "this browser has no WebCodecs", {
        fatal: true,
      });
    }
    if (track.initData === undefined) {
      throw new BroadcastViewerError(
        Code.INVALID_CATALOG,
        `catalog track ${track.name} has no initData`,
        {
          fatal: true,
        },
      );
    }
    const { supported } =
      track.kind === "video"
        ? await VideoDecoder.isConfigSupported(videoConfig(track).config)
        : await AudioDecoder.isConfigSupported(audioConfig(track));
    if (supported !== true) {
      throw new BroadcastViewerError(
        Code.UNSUPPORTED_CODEC,
        `WebCodecs cannot decode ${track.name} (${track.codec})`,
        { fatal: true },
      );
    }
  }

  async open(video: CatalogTrack | undefined, audio: CatalogTrack | undefined): Promise<void> {
    const tracks = [video, audio].filter((t): t is CatalogTrack => t !== undefined);
    await Promise.all(tracks.map((t) => WebCodecsBackend.check(t)));
    if (this.closed) return;
    const fail = (what: string) => (e: Error) =>
      this.cb.error(
        new BroadcastViewerError(Code.DECODE_ERROR, `${what} decoder failed: ${e.message}`, {
          fatal: true,
          cause: e,
        }),
      );
    // The audio output opens beside the video path and joins when ready: loading its
    // worklet takes 180–280 ms here, and the first frame does not wait for it.
    if (audio !== undefined) {
      this.audioTimescale = readInitSegment(fromBase64(audio.initData!)).timescale;
      void this.openAudio(audio, fail("audio"));
    }
    if (video !== undefined) {
      const v = videoConfig(video);
      const canvas = this.target instanceof HTMLCanvasElement ? this.target : undefined;
      const sink = await openVideoSink(canvas, this.canvas, this.clock, v.config, {
        shown: this.shown,
        error: (message) => fail("video")(new Error(message)),
      });
      if (this.closed) return sink.close();
      this.videoTimescale = v.timescale;
      this.video = sink;
    }
    if (this.target instanceof HTMLVideoElement) {
      this.target.srcObject = this.canvas.captureStream();
    }
    this.raf = requestAnimationFrame(this.render);
  }

  private onAudio(sound: AudioOutput, data: AudioData): void {
    const tsUs = this.audioStamps.shift() ?? data.timestamp;
    const endMs = (tsUs + (data.numberOfFrames * 1e6) / data.sampleRate) / 1000;
    // The sound ran out (all audio handed over is behind the clock) and audio
    // comes late, before the page noticed: the clock goes back to it (at most
    // AUDIO_LATE_MAX_MS, never behind a seek), so it plays instead of being skipped.
    const tsMs = tsUs / 1000;
    const lateMs = this.clock.ms - tsMs;
    if (
      sound.running &&
      tsMs >= this.seekedToMs &&
      this.audioEndMs <= this.clock.ms &&
      lateMs > 0 &&
      lateMs <= AUDIO_LATE_MAX_MS
    ) {
      this.clock.set(tsMs);
    }
    if (sound.play(data, tsUs)) this.audioEndMs = Math.max(this.audioEndMs, endMs);
  }

  /**
   * Opens the audio output and decoder; audio arriving meanwhile waits in the
   * queue. A worklet that fails is reported, not fatal: video plays alone.
   */
  private async openAudio(track: CatalogTrack, fail: (e: Error) => void): Promise<void> {
    const config = audioConfig(track);
    let sound: AudioOutput;
    this.audioOpening = true;
    try {
      sound = await AudioOutput.create(this.clock, config.numberOfChannels, () =>
        this.cb.audioSuspended?.(),
      );
    } catch (e) {
      const message = `audio cannot play: the audio worklet failed to load (${String(e)})`;
      this.cb.error(new BroadcastViewerError(Code.UNSUPPORTED, message, { cause: e }));
      return;
    } finally {
      this.audioOpening = false;
    }
    if (this.closed) return sound.close();
    this.sound = sound;
    this.audio = new AudioDecoder({ output: (d) => this.onAudio(sound, d), error: fail });
    this.audio.configure(config);
    if (this.target instanceof HTMLVideoElement) {
      sound.volume = this.target.muted ? 0 : this.target.volume;
    }
    if (this.started) sound.resume();
  }

  audioStats(): AudioOutputStats | undefined {
    return this.sound?.stats();
  }

  switchVideo(track: CatalogTrack): void {
    const { config, timescale } = videoConfig(track);
    this.videoTimescale = timescale;
    this.video?.switchTo(config);
  }

  append(kind: "video" | "audio", bytes: Uint8Array): void {
    const video = kind === "video";
    const timescale = video ? this.videoTimescale : this.audioTimescale;
    const samples = readFragment(bytes).samples.map((s) => ({
      tsMs: (s.decodeTime * 1000) / timescale,
      durationMs: (s.duration * 1000) / timescale,
      key: video ? s.keyframe : true, // every Opus packet decodes alone
      data: s.data,
    }));
    const first = samples[0];
    const last = samples[samples.length - 1];
    if (first === undefined || last === undefined) return;
    if (video) this.video?.push(samples);
    else for (const sample of samples) insertInOrder(this.audioQueue, sample);
    if (video || this.video === undefined) this.ranges.add(first.tsMs, last.tsMs + last.durationMs);
    this.refeed();
  }

  private readonly refeed = (): void => {
    if (this.started && !this.closed) this.feed(this.clock.ms);
  };

  whenAppended(): Promise<void> {
    return Promise.resolve();
  }

  bufferAheadMs(): number {
    const a = this.ahead(this.clock.ms);
    return Math.min(a.videoAheadMs, a.audioAheadMs ?? Number.POSITIVE_INFINITY);
  }

  readonly minAheadMs = CLOCK_AHEAD_MIN_MS;

  edgeAheadMs(): number {
    return this.ranges.edgeAheadOf(this.clock.ms);
  }

  skipGap(minAheadMs = 0): boolean {
    const t = this.clock.ms;
    if (this.ranges.aheadOf(t) > 0) return false;
    const next = this.ranges.nextStartAfter(t);
    if (next === undefined || this.ranges.aheadOf(next) < minAheadMs) return false;
    this.seekTo(next);
    return true;
  }

  get currentTimeS(): number {
    return this.clock.ms / 1000;
  }

  get playbackRate(): number {
    return this.clock.rate;
  }

  seekBy(ms: number): void {
    this.seekTo(this.clock.ms + ms);
  }

  /** Moves the playhead; decoding restarts at the last keyframe at or before it. */
  private seekTo(ms: number): void {
    this.clock.set(ms);
    this.seekedToMs = ms;
    this.video?.seek(ms);
    // Audio decoded before the new playhead is skipped by the worklet as late.
    while ((this.audioQueue[0]?.tsMs ?? Number.POSITIVE_INFINITY) < ms) this.audioQueue.shift();
  }

  setRate(rate: number): void {
    if (rate !== this.clock.rate) this.clock.setRate(rate);
  }

  get framesShown(): number {
    return this.video?.counts.presented ?? 0;
  }

  get droppedFrames(): number {
    return this.video?.counts.dropped ?? 0;
  }

  get framesLate(): number {
    return this.video?.counts.late ?? 0;
  }

  async start(positionMs?: number): Promise<void> {
    this.started = true;
    this.startedAtMs = performance.now();
    this.video?.start();
    const first = this.ranges.nextStartAfter(Number.NEGATIVE_INFINITY);
    if (first !== undefined && this.clock.ms < first) this.seekTo(first);
    const p = positionMs ?? 0;
    if (p > this.clock.ms && this.ranges.aheadOf(p) > 0) this.seekTo(p);
    await this.play();
  }

  async play(): Promise<void> {
    if (!this.started) return;
    this.clock.run(this.primed && !this.waiting);
    this.sound?.resume();
    if (this.target instanceof HTMLVideoElement) await this.target.play().catch(() => undefined);
  }

  private readonly render = (): void => {
    if (this.closed) return;
    this.raf = requestAnimationFrame(this.render);
    if (!this.started) return;
    if (this.primed) this.watchBuffer(this.clock.ms);
    else this.prime(this.clock.ms);
    const t = this.clock.ms;
    this.feed(t);
    this.video?.tick();
    this.ranges.trimBefore(t - BACK_MS);
  };

  /** Starts the clock once media is in hand (clock-gate.ts); audio waited for at most AUDIO_LATE_MAX_MS. */
  private prime(t: number): void {
    const ahead = this.ahead(t);
    // Still opening, the audio output counts as audio awaited and not in hand: the
    // clock starts with the sound, as when the first frame waited for the worklet.
    const action = startAction(
      {
        videoAheadMs: ahead.videoAheadMs,
        audioAheadMs: this.audioOpening ? 0 : ahead.audioAheadMs,
        firstFrameShown: this.firstShown,
        sinceStartMs: performance.now() - this.startedAtMs,
      },
      AUDIO_LATE_MAX_MS,
    );
    if (action === "wait") return;
    if (action === "run without audio") this.leaveOutAudio();
    this.primed = true;
    this.clock.run(true);
  }

  /** Video and decoded audio (when the clock waits for it) ahead of `t`, ms. */
  private ahead(t: number): { videoAheadMs: number; audioAheadMs: number | undefined } {
    return {
      videoAheadMs: this.ranges.aheadOf(t),
      audioAheadMs: this.awaitsAudio(t) ? Math.max(0, this.audioEndMs - t) : undefined,
    };
  }

  /**
   * Stops the clock when media runs out — the video, or the audio decoded for
   * the worklet (so a main thread too busy to decode it in time makes the
   * clock wait rather than the sound skip) — and starts it again once media
   * is in hand (clock-gate.ts): going on with the first frame that comes would
   * stop again at the next one late, a stall per frame instead of one.
   */
  private watchBuffer(t: number): void {
    let audioShort = this.awaitsAudio(t) && this.audioEndMs - t < AUDIO_AHEAD_MIN_MS;
    const nowMs = performance.now();
    const since = this.audioWaitSinceMs;
    if (!audioShort) this.audioWaitSinceMs = undefined;
    else if (since === undefined) {
      this.audioWaitSinceMs = nowMs;
      const behindMs = t - this.audioEndMs;
      // Seen late (animation frames come slowly on a busy page): the sound ran
      // out `behindMs` ago. The clock goes back there, so the audio still to
      // come plays instead of being skipped as late; further behind, it is left out.
      if (behindMs > AUDIO_LATE_MAX_MS) this.leaveOutAudio();
      else if (behindMs > 0) this.clock.set(this.audioEndMs);
      audioShort = !this.audioLeftOut;
    } else if (nowMs - since > AUDIO_LATE_MAX_MS) {
      this.leaveOutAudio();
      audioShort = false;
    }
    const ahead = audioShort ? 0 : this.ranges.aheadOf(t);
    if (!this.waiting && ahead <= 0) {
      this.waiting = true;
      this.clock.run(false);
      this.cb.waiting();
    } else if (this.waiting && ahead > 0 && inHand(this.ahead(t))) {
      this.waiting = false;
      this.clock.run(true);
      this.cb.playing();
    }
  }

  /** Audio missing too long: the clock runs without it until decoded audio is ahead of it again. */
  private leaveOutAudio(): void {
    this.audioLeftOut = true;
    this.audioWaitSinceMs = undefined;
  }

  /**
   * Whether the clock should wait for audio at `t`: there is a running audio
   * output, and audio is not left out.
   */
  private awaitsAudio(t: number): boolean {
    if (this.sound?.running !== true) return false;
    if (this.audioLeftOut && this.audioEndMs - t >= AUDIO_AHEAD_MIN_MS) this.audioLeftOut = false;
    return !this.audioLeftOut;
  }

  /** Decodes the audio due soon (the video sink decodes its own). */
  private feed(t: number): void {
    const a = this.audio;
    if (this.sound?.running !== true) {
      // Suspended (autoplay policy): nothing is decoded for a worklet that drops it.
      while ((this.audioQueue[0]?.tsMs ?? Number.POSITIVE_INFINITY) < t) this.audioQueue.shift();
      return;
    }
    while (a !== undefined && a.state === "configured") {
      const s = this.audioQueue[0];
      if (s === undefined || s.tsMs > t + AUDIO_LOOKAHEAD_MS) break;
      this.audioQueue.shift();
      // Audio that came after later audio was decoded: the worklet has moved past it.
      if (s.tsMs <= this.audioFedMs) continue;
      this.audioFedMs = s.tsMs;
      const c = chunk(EncodedAudioChunk, s);
      this.audioStamps.push(c.timestamp);
      a.decode(c);
    }
  }

  close(): void {
    this.closed = true;
    cancelAnimationFrame(this.raf);
    this.video?.close();
    if (this.audio !== undefined && this.audio.state !== "closed") this.audio.close();
    this.sound?.close();
    if (this.target instanceof HTMLVideoElement) this.target.srcObject = null;
  }
}

function audioConfig(track: CatalogTrack): AudioDecoderConfig {
  return {
    codec: track.codec,
    sampleRate: track.sampleRate ?? 48_000,
    numberOfChannels: track.channels ?? 2,
  };
}
