// One direction of the bridge's transcoding (seed 004 "Codecs": PSTN µ-law in,
// Opus to your code, Opus from your code, µ-law back out): decode, resample
// with the WASM core, re-cut into the target's frames, encode.
import type { Core } from "../../../../src/core/core.ts";
import type { SampleRate } from "../../../../src/core/rates.ts";
import type { Resampler } from "../../../../src/core/resampler.ts";
import { type AudioFormat, frameSamples } from "../../../../src/voice/bridge/format.ts";
import {
  createFrameDecoder,
  createFrameEncoder,
  type FrameDecoder,
  type FrameEncoder,
} from "./frame-codec.ts";
import { Reframer } from "./reframer.ts";

/** True when two formats carry the same bytes (nothing to transcode). */
export function sameFormat(a: AudioFormat, b: AudioFormat): boolean {
  return a.codec === b.codec && a.sampleRate === b.sampleRate && a.frameMs === b.frameMs;
}

/** Converts a stream of frames in `from` into a stream of frames in `to`. */
export class Transcoder {
  readonly #decoder: FrameDecoder;
  readonly #resampler: Resampler | undefined;
  readonly #reframer: Reframer;
  readonly #encoder: FrameEncoder;

  constructor(
    core: Core,
    readonly from: AudioFormat,
    readonly to: AudioFormat,
  ) {
    this.#decoder = createFrameDecoder(core, from);
    this.#resampler =
      from.sampleRate === to.sampleRate
        ? undefined
        : core.createResampler({
            inputRate: from.sampleRate as SampleRate,
            outputRate: to.sampleRate as SampleRate,
            maxInputSamples: frameSamples(from),
          });
    this.#reframer = new Reframer(frameSamples(to));
    this.#encoder = createFrameEncoder(core, to);
  }

  /** Takes one frame in `from`; returns the frames in `to` now complete (zero or more). */
  push(frame: Uint8Array): Uint8Array[] {
    const decoded = this.#decoder.decode(frame);
    const samples = this.#resampler === undefined ? decoded : this.#resampler.process(decoded);
    return this.#reframer.push(samples).map((f) => this.#encoder.encode(f));
  }

  /** Releases the codec and resampler state. */
  free(): void {
    this.#decoder.free();
    this.#resampler?.free();
    this.#encoder.free();
  }
}
