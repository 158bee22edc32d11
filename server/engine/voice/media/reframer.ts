/** Cuts a stream of sample chunks of any length into frames of exactly `frameSamples`. */
export class Reframer {
  #buffer: Float32Array;
  #length = 0;

  constructor(readonly frameSamples: number) {
    this.#buffer = new Float32Array(frameSamples * 4);
  }

  /** Appends `samples` and returns every whole frame now available (copies). */
  push(samples: Float32Array): Float32Array[] {
    if (this.#length + samples.length > this.#buffer.length) {
      const grown = new Float32Array((this.#length + samples.length) * 2);
      grown.set(this.#buffer.subarray(0, this.#length));
      this.#buffer = grown;
    }
    this.#buffer.set(samples, this.#length);
    this.#length += samples.length;
    const frames: Float32Array[] = [];
    let at = 0;
    while (this.#length - at >= this.frameSamples) {
      frames.push(this.#buffer.slice(at, at + this.frameSamples));
      at += this.frameSamples;
    }
    this.#buffer.copyWithin(0, at, this.#length);
    this.#length -= at;
    return frames;
  }
}
