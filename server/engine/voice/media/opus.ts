// Opus outside the browser: libopus compiled to WASM (the opusscript package).
// Its packets are plain RFC 6716 Opus, the same the browser's WebCodecs
// AudioEncoder/AudioDecoder produce and accept (tests/voice-opus.spec.ts).
import OpusScript from "opusscript";

/** Opus rates this wrapper accepts (libopus also takes 12000, which the bridge does not offer). */
export type OpusRate = 8000 | 16000 | 24000 | 48000;

/** OPUS_SET_COMPLEXITY_REQUEST (opus_defines.h); 5 halves the CPU of the default 10 on speech. */
const OPUS_SET_COMPLEXITY = 4010;
const COMPLEXITY = 5;
/** 48 kb/s mono: waveform-faithful enough for speech models downstream (SNR ≥ 15 dB). */
const BITRATE = 48_000;

/** A mono Opus encoder for frames of `frameSamples`. */
export class OpusEncoder {
  readonly #opus: OpusScript;
  readonly #frameSamples: number;

  constructor(rate: OpusRate, frameSamples: number) {
    this.#opus = new OpusScript(rate, 1, OpusScript.Application.AUDIO); // CELT-leaning: waveform-matching
    this.#opus.encoderCTL(OPUS_SET_COMPLEXITY, COMPLEXITY);
    this.#opus.setBitrate(BITRATE);
    this.#frameSamples = frameSamples;
  }

  /** One packet from exactly `frameSamples` 16-bit samples. */
  encode(pcm: Int16Array): Uint8Array {
    // opusscript takes and returns little-endian PCM bytes.
    const bytes = new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
    const packet = this.#opus.encode(bytes as Buffer, this.#frameSamples);
    return new Uint8Array(packet);
  }

  free(): void {
    this.#opus.delete();
  }
}

/** A mono Opus decoder. */
export class OpusDecoder {
  readonly #opus: OpusScript;

  constructor(rate: OpusRate) {
    this.#opus = new OpusScript(rate, 1, OpusScript.Application.VOIP);
  }

  /** The 16-bit samples of one packet. */
  decode(packet: Uint8Array): Int16Array {
    const bytes = this.#opus.decode(packet as Buffer);
    const out = new Int16Array(bytes.length / 2);
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }

  free(): void {
    this.#opus.delete();
  }
}
