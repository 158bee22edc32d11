// The G.711 uplink for PSTN-direct calls: microphone → the WASM core's capture
// worklet (resample to 8 kHz, µ-law / A-law) → one frame per write to the sink.
import {
  type CaptureProcessorMessage,
  type CoreSource,
  createCaptureNode,
} from "../../core/index.ts";
import { SoftphoneError, SoftphoneErrorCode } from "./errors.ts";
import { type AudioFrameSink, nowUs, rms } from "./uplink.ts";

/** Options of {@link G711Uplink.create}. */
export interface G711UplinkOptions {
  readonly law: "mulaw" | "alaw";
  readonly frameMs: 10 | 20 | 30 | 40;
  /** URL of the core capture worklet (`@clutchcall/sdk/worklets/core-capture`). */
  readonly workletUrl: string | URL;
  readonly wasm?: CoreSource;
}

/** Encodes the microphone with the core's capture worklet into the sink. */
export class G711Uplink {
  #source: MediaStreamAudioSourceNode | undefined;
  readonly #analyser: AnalyserNode;
  readonly #probe = new Float32Array(512);
  muted = false;
  framesSent = 0;
  bytesSent = 0;
  error: SoftphoneError | undefined;

  private constructor(
    private readonly context: AudioContext,
    private readonly capture: AudioWorkletNode,
    private readonly sink: AudioFrameSink,
    private readonly frameMs: number,
  ) {
    this.#analyser = new AnalyserNode(context, { fftSize: 512 });
    // The processor only runs while its output is pulled: feed a silent gain.
    const mute = new GainNode(context, { gain: 0 });
    capture.connect(mute).connect(context.destination);
    capture.port.onmessage = (event: MessageEvent<CaptureProcessorMessage>) => this.#on(event.data);
  }

  static async create(
    context: AudioContext,
    sink: AudioFrameSink,
    o: G711UplinkOptions,
  ): Promise<G711Uplink> {
    try {
      const node = await createCaptureNode(context, {
        moduleUrl: o.workletUrl,
        law: o.law,
        frameMs: o.frameMs,
        agc: false,
        ...(o.wasm !== undefined && { wasm: o.wasm }),
      });
      return new G711Uplink(context, node, sink, o.frameMs);
    } catch (cause) {
      throw new SoftphoneError(
        SoftphoneErrorCode.Worklet,
        `cannot start the G.711 capture worklet from ${String(o.workletUrl)}: ${String(cause)}`,
        { fatal: true, cause },
      );
    }
  }

  /** The RMS level of the latest ~10 ms of microphone signal. */
  get level(): number {
    this.#analyser.getFloatTimeDomainData(this.#probe);
    return rms(this.#probe);
  }

  /** Feeds `stream`'s audio into the worklet (replacing the previous stream). */
  attach(stream: MediaStream): void {
    this.#source?.disconnect();
    this.#source = new MediaStreamAudioSourceNode(this.context, { mediaStream: stream });
    this.#source.connect(this.capture);
    this.#source.connect(this.#analyser);
  }

  reset(): void {
    // Each frame is independent: nothing to flush.
  }

  close(): void {
    this.#source?.disconnect();
    this.capture.port.postMessage({ type: "close" });
    this.capture.port.onmessage = null;
    this.capture.disconnect();
  }

  #on(m: CaptureProcessorMessage): void {
    if (m.type === "error") {
      this.error ??= new SoftphoneError(SoftphoneErrorCode.Codec, `G.711 capture: ${m.message}`);
    } else if (m.type === "frame" && !this.muted) {
      this.sink.write(nowUs() - this.frameMs * 1000, m.codes);
      this.framesSent++;
      this.bytesSent += m.codes.length;
    }
  }
}
