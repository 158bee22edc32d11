// The AudioWorkletGlobalScope names the core's processors use (TypeScript's DOM lib lacks them).

declare abstract class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: AudioWorkletNodeOptions);
  abstract process(
    inputs: Float32Array[][],
    outputs: Float32Array[][],
    parameters: Record<string, Float32Array>,
  ): boolean;
}

declare function registerProcessor(
  name: string,
  processor: new (options: AudioWorkletNodeOptions) => AudioWorkletProcessor,
): void;

/** Sample rate of the BaseAudioContext running the worklet. */
declare const sampleRate: number;

/** Context time of the render quantum being processed, s. */
declare const currentTime: number;
