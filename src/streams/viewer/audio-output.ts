// The WebCodecs backend's audio: decoded AudioData scheduled on a WebAudio
// AudioContext at the media clock's time, so sound follows the picture.
import type { MediaClock } from "./media-clock.ts";

/** Audio later than this behind the playhead is dropped rather than played. */
const LATE_MS = 20;

export class AudioOutput {
  private readonly ctx = new AudioContext({ latencyHint: "interactive" });
  private readonly gain = this.ctx.createGain();
  private closed = false;

  constructor(private readonly clock: MediaClock) {
    this.gain.connect(this.ctx.destination);
  }

  set volume(v: number) {
    this.gain.gain.value = v;
  }

  /** Schedules `data` (µs timestamps on the media timeline) and closes it. */
  play(data: AudioData): void {
    try {
      if (this.closed || !this.clock.isRunning) return;
      const rate = this.clock.rate;
      const aheadMs = (data.timestamp / 1000 - this.clock.ms) / rate;
      if (aheadMs < -LATE_MS) return;
      const buffer = this.ctx.createBuffer(
        data.numberOfChannels,
        data.numberOfFrames,
        data.sampleRate,
      );
      for (let ch = 0; ch < data.numberOfChannels; ch++) {
        const plane = new Float32Array(data.numberOfFrames);
        data.copyTo(plane, { planeIndex: ch, format: "f32-planar" });
        buffer.copyToChannel(plane, ch);
      }
      const source = this.ctx.createBufferSource();
      source.buffer = buffer;
      source.playbackRate.value = rate;
      source.connect(this.gain);
      source.start(this.ctx.currentTime + Math.max(0, aheadMs) / 1000);
    } finally {
      data.close();
    }
  }

  /** Resumes the context (it may start suspended until a user gesture). */
  async resume(): Promise<void> {
    if (this.ctx.state === "suspended") await this.ctx.resume().catch(() => undefined);
  }

  close(): void {
    this.closed = true;
    void this.ctx.close().catch(() => undefined);
  }
}
