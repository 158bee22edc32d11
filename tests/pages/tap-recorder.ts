// AudioWorklet processor "tap-recorder" for the softphone tests and benchmark:
// records each of its inputs (channel 0), sample-aligned, and posts them in
// blocks of 4096 samples as one Float32Array per input.
const BLOCK = 4096;

class TapRecorder extends AudioWorkletProcessor {
  #blocks: Float32Array[];
  #fill = 0;

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    this.#blocks = Array.from(
      { length: options.numberOfInputs ?? 1 },
      () => new Float32Array(BLOCK),
    );
  }

  process(inputs: Float32Array[][]): boolean {
    const n = inputs[0]?.[0]?.length ?? 128;
    for (let i = 0; i < this.#blocks.length; i++) {
      const channel = inputs[i]?.[0];
      const block = this.#blocks[i] as Float32Array;
      if (channel === undefined) block.fill(0, this.#fill, this.#fill + n);
      else block.set(channel, this.#fill);
    }
    this.#fill += n;
    if (this.#fill >= BLOCK) {
      this.port.postMessage(
        this.#blocks,
        this.#blocks.map((b) => b.buffer),
      );
      this.#blocks = this.#blocks.map(() => new Float32Array(BLOCK));
      this.#fill = 0;
    }
    return true;
  }
}

registerProcessor("tap-recorder", TapRecorder);
