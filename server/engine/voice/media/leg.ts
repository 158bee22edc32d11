// The PSTN leg's codec: G.711 at 8 kHz in 20 ms frames, as a carrier sends it.
import type { Core } from "../../../../src/core/core.ts";
import type { G711Codec } from "../../../../src/core/g711.ts";
import { type AudioFormat, resolveFormat } from "../../../../src/voice/bridge/format.ts";
import { LEG_FRAME_SAMPLES } from "../audio-peer.ts";

/** The companding law of a leg. */
export type LegCodec = "g711_ulaw" | "g711_alaw";

/** The leg's frames as a bridge format. */
export function legFormat(codec: LegCodec): AudioFormat {
  return resolveFormat({ codec, sampleRate: 8000, frameMs: 20 });
}

/** Encodes and decodes leg frames on the WASM core. */
export class LegCodecs {
  readonly format: AudioFormat;
  readonly #g711: G711Codec;

  constructor(core: Core, codec: LegCodec) {
    this.format = legFormat(codec);
    this.#g711 = core.createG711Codec({
      law: codec === "g711_ulaw" ? "mulaw" : "alaw",
      frameSamples: LEG_FRAME_SAMPLES,
    });
  }

  encode(pcm: Int16Array): Uint8Array {
    return this.#g711.encode(pcm);
  }

  decode(frame: Uint8Array): Int16Array {
    return this.#g711.decode(frame);
  }

  free(): void {
    this.#g711.free();
  }
}
