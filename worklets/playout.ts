// AudioWorklet processor "clutchcall-playout": the softphone's jitter buffer.
// Reads decoded mono samples from a ring (SharedArrayBuffer written by the page,
// or its own ring fed by postMessage) and renders them through PlayoutEngine.
// Built as one self-contained file: worklet modules cannot import chunks.
import { PlayoutEngine } from "../src/voice/softphone/playout-engine.ts";
import {
  PLAYOUT_PROCESSOR_NAME,
  PLAYOUT_STATS_INTERVAL_MS,
  type PlayoutCommand,
  type PlayoutMessage,
  type PlayoutProcessorOptions,
} from "../src/voice/softphone/playout-messages.ts";
import { HANDSHAKE_SLOT, RING_HANDSHAKE, SampleRing } from "../src/voice/softphone/ring.ts";

class PlayoutProcessor extends AudioWorkletProcessor {
  #ring: SampleRing | undefined;
  #engine: PlayoutEngine | undefined;
  #statsLeft = 0;
  readonly #statsEvery = Math.round((PLAYOUT_STATS_INTERVAL_MS * sampleRate) / 1000);

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    try {
      const o = options.processorOptions as PlayoutProcessorOptions;
      const shared = typeof o.ring !== "number";
      this.#ring = shared
        ? new SampleRing(o.ring as SharedArrayBuffer)
        : SampleRing.allocate(o.ring as number, false);
      // The page polls this word: it proves the ring memory really is shared.
      if (shared) Atomics.store(this.#ring.header, HANDSHAKE_SLOT, RING_HANDSHAKE);
      this.#engine = new PlayoutEngine(sampleRate, o.inputRate, o.policy);
      this.#post({ type: "ready", shared });
    } catch (error) {
      this.#post({ type: "error", message: String(error) });
    }
    this.port.onmessage = (event: MessageEvent<PlayoutCommand>) => this.#command(event.data);
  }

  #command(m: PlayoutCommand): void {
    if (m.type === "close") {
      this.#ring = undefined;
    } else if (m.type === "port") {
      m.port.onmessage = (event: MessageEvent<PlayoutCommand>) => this.#command(event.data);
    } else if (m.type === "overflow") {
      this.#engine?.noteOverflow(m.samples);
    } else if (this.#ring !== undefined) {
      const written = this.#ring.write(m.samples);
      if (written < m.samples.length) this.#engine?.noteOverflow(m.samples.length - written);
    }
  }

  #post(message: PlayoutMessage): void {
    this.port.postMessage(message);
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const ring = this.#ring;
    const engine = this.#engine;
    if (ring === undefined || engine === undefined) return false;
    const channels = outputs[0] ?? [];
    const first = channels[0];
    if (first === undefined) return true;
    engine.render(ring, first);
    for (let c = 1; c < channels.length; c++) channels[c]?.set(first);
    this.#statsLeft -= first.length;
    if (this.#statsLeft <= 0) {
      this.#statsLeft = this.#statsEvery;
      this.#post({ type: "stats", stats: engine.stats() });
    }
    return true;
  }
}

registerProcessor(PLAYOUT_PROCESSOR_NAME, PlayoutProcessor);
