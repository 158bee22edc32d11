import { type CoreSource, compileCore } from "./load.ts";
import { CAPTURE_PROCESSOR_NAME, type CaptureProcessorOptions } from "./messages.ts";

/** Options of {@link createCaptureNode}. */
export interface CaptureNodeOptions extends Omit<CaptureProcessorOptions, "wasm"> {
  /** URL of the worklet module (worklets/core-capture.ts, or its built bundle). */
  moduleUrl: string | URL;
  /** Where to get core.wasm; compiled once here and handed to the processor. */
  wasm?: CoreSource;
}

/**
 * Adds the capture worklet module to `context` and creates its node: mono in,
 * level-controlled mono out, G.711 frames as `CaptureProcessorMessage`s on
 * `node.port`. The processor runs the same core.wasm as `loadCore()`.
 */
export async function createCaptureNode(
  context: BaseAudioContext,
  options: CaptureNodeOptions,
): Promise<AudioWorkletNode> {
  const { moduleUrl, wasm, ...processor } = options;
  const module = await compileCore(wasm);
  await context.audioWorklet.addModule(moduleUrl);
  const processorOptions: CaptureProcessorOptions = { ...processor, wasm: module };
  return new AudioWorkletNode(context, CAPTURE_PROCESSOR_NAME, {
    numberOfInputs: 1,
    numberOfOutputs: 1,
    outputChannelCount: [1],
    channelCount: 1,
    channelCountMode: "explicit",
    processorOptions,
  });
}
