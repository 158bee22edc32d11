// AudioWorklet processor "clutchcall-broadcast-audio": the WebCodecs backend's
// audio output and media clock. Decoded audio arrives by postMessage into the
// softphone's SampleRing; AudioClockEngine plays it out and the processor
// reports which media time each quantum carries.
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
  #epoch = 0;
  #quanta = 0;
  #closed = false;

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    this.port.onmessage = (event: MessageEvent<BroadcastAudioCommand>) => this.#command(event.data);
  }

  #command(m: BroadcastAudioCommand): void {
    const engine = this.#engine;
    if (m.type === "samples") engine.write(m.tsUs, m.sampleRate, m.channels, m.samples);
    else if (m.type === "flush") {
      engine.flush();
      this.#epoch = m.epoch;
    } else if (m.type === "clock") engine.setClock(m.running, m.rate);
    else this.#closed = true;
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    if (this.#closed) return false;
    const out = outputs[0];
    if (out === undefined || out.length === 0) return true;
    const mediaUs = this.#engine.positionUs;
    const playing = this.#engine.playing;
    this.#engine.render(out);
    if (++this.#quanta >= STATE_EVERY_QUANTA) {
      this.#quanta = 0;
      const m: BroadcastAudioMessage = {
        type: "state",
        epoch: this.#epoch,
        mediaUs,
        contextTime: currentTime,
        playing: playing && this.#engine.playing,
        stats: this.#engine.stats(),
      };
      this.port.postMessage(m);
    }
    return true;
  }
}

registerProcessor(BROADCAST_AUDIO_PROCESSOR_NAME, BroadcastAudioProcessor);
