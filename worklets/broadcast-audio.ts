// AudioWorklet processor "clutchcall-broadcast-audio": the WebCodecs backend's
// audio output. Decoded audio arrives by postMessage into the softphone's
// SampleRing; AudioClockEngine plays out of it the media time the page's media
// clock says is due at each quantum's context time.
// Built as one self-contained file: worklet modules cannot import chunks.
import { AudioClockEngine } from "../src/streams/viewer/audio-clock-engine.ts";
import {
  BROADCAST_AUDIO_PROCESSOR_NAME,
  type BroadcastAudioCommand,
  type BroadcastAudioMessage,
  STATE_EVERY_QUANTA,
} from "../src/streams/viewer/audio-messages.ts";

class BroadcastAudioProcessor extends AudioWorkletProcessor {
  readonly #engine = new AudioClockEngine(sampleRate);
  #quanta = 0;
  #closed = false;

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    this.port.onmessage = (event: MessageEvent<BroadcastAudioCommand>) => this.#command(event.data);
  }

  #command(m: BroadcastAudioCommand): void {
    const engine = this.#engine;
    if (m.type === "samples") engine.write(m.tsUs, m.sampleRate, m.channels, m.samples);
    else if (m.type === "flush") engine.flush();
    else if (m.type === "clock") engine.setClock(m);
    else this.#closed = true;
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    if (this.#closed) return false;
    const out = outputs[0];
    if (out === undefined || out.length === 0) return true;
    this.#engine.render(out, currentTime);
    if (++this.#quanta >= STATE_EVERY_QUANTA) {
      this.#quanta = 0;
      const m: BroadcastAudioMessage = { type: "state", stats: this.#engine.stats() };
      this.port.postMessage(m);
    }
    return true;
  }
}

registerProcessor(BROADCAST_AUDIO_PROCESSOR_NAME, BroadcastAudioProcessor);
