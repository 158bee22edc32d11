// AudioWorklet processor "clutchcall-core-capture": microphone -> AGC -> resampler ->
// G.711, all in the WASM core's heap, posting one message per encoded frame.
// Output 0 carries the level-controlled signal at the context rate (a monitor).
import type { Agc } from "../src/core/agc.ts";
import type { Core } from "../src/core/core.ts";
import { CoreError, CoreErrorCode } from "../src/core/errors.ts";
import type { G711Codec } from "../src/core/g711.ts";
import { instantiateCore } from "../src/core/instantiate.ts";
import {
  CAPTURE_PROCESSOR_NAME,
  type CaptureProcessorCommand,
  type CaptureProcessorMessage,
  type CaptureProcessorOptions,
} from "../src/core/messages.ts";
import { checkRate } from "../src/core/rates.ts";
import type { Resampler } from "../src/core/resampler.ts";

const QUANTUM = 128;

interface Pipeline {
  core: Core;
  agc: Agc | undefined;
  resampler: Resampler;
  codec: G711Codec;
}

class CoreCaptureProcessor extends AudioWorkletProcessor {
  #pipe: Pipeline | undefined;
  #fill = 0;
  #sequence = 0;

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    const opts = options.processorOptions as CaptureProcessorOptions;
    try {
      const core = instantiateCore(opts.wasm);
      const contextRate = checkRate(sampleRate, "AudioContext rate");
      const codecRate = opts.codecRate ?? 8000;
      const frameSamples = ((opts.frameMs ?? 20) * codecRate) / 1000;
      this.#pipe = {
        core,
        agc:
          opts.agc === false
            ? undefined
            : core.createAgc({ ...opts.agc, sampleRate: contextRate, maxFrameSamples: QUANTUM }),
        resampler: core.createResampler({
          inputRate: contextRate,
          outputRate: codecRate,
          maxInputSamples: QUANTUM,
        }),
        codec: core.createG711Codec({ law: opts.law ?? "mulaw", frameSamples }),
      };
      this.#post({ type: "ready", contextRate, frameSamples });
    } catch (error) {
      this.#fail(error);
    }
    this.port.onmessage = (event: MessageEvent<CaptureProcessorCommand>) => {
      if (event.data.type === "close") this.#close();
    };
  }

  #post(message: CaptureProcessorMessage, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }

  #fail(error: unknown): void {
    const code = error instanceof CoreError ? error.code : "CORE_INTERNAL";
    this.#post({ type: "error", code, message: String(error) });
    this.#close();
  }

  #close(): void {
    this.#pipe?.core.close();
    this.#pipe = undefined;
  }

  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const pipe = this.#pipe;
    if (pipe === undefined) return false;
    try {
      const input = inputs[0]?.[0];
      const { agc, resampler, codec } = pipe;
      // Web Audio hands 128-sample quanta, the size of every heap buffer here, so
      // nothing is allocated per quantum. One copy in: the quantum goes into the
      // resampler's heap input, where the AGC also works in place.
      const stage = resampler.input;
      if (input !== undefined && input.length !== QUANTUM) {
        throw new CoreError(
          CoreErrorCode.InvalidArgument,
          `render quantum of ${input.length}, expected ${QUANTUM}`,
        );
      }
      if (input === undefined) stage.fill(0);
      else stage.set(input);
      agc?.processFrame(QUANTUM, stage);
      outputs[0]?.[0]?.set(stage);
      const produced = resampler.processFrame(QUANTUM);
      const out = resampler.output;
      const frame = codec.float;
      const frameSamples = codec.frameSamples;
      for (let i = 0; i < produced; i++) {
        frame[this.#fill++] = out[i] as number;
        if (this.#fill === frameSamples) {
          codec.encodeFloatFrame();
          // A fresh buffer per frame: it is transferred to the main thread.
          const codes = codec.codes.slice();
          const gainDb = agc?.gainDb ?? 0;
          this.#post({ type: "frame", sequence: this.#sequence++, codes, gainDb }, [codes.buffer]);
          this.#fill = 0;
        }
      }
      return true;
    } catch (error) {
      this.#fail(error);
      return false;
    }
  }
}

registerProcessor(CAPTURE_PROCESSOR_NAME, CoreCaptureProcessor);
