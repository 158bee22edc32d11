// The Opus uplink: microphone track → MediaStreamTrackProcessor → WebCodecs
// AudioEncoder → one encoded frame per write to the sink. Capture timestamps
// map to µs since the epoch, so the far end can order and drop late frames.
import { SoftphoneError, SoftphoneErrorCode } from "./errors.ts";
import { type AudioFrameSink, nowUs, rms } from "./uplink.ts";

/** Opus settings of the uplink. */
export interface OpusUplinkOptions {
  readonly frameMs: 10 | 20;
  readonly bitrate: number;
  readonly fec: boolean;
  readonly dtx: boolean;
}

interface TrackProcessor {
  readonly readable: ReadableStream<AudioData>;
}
type TrackProcessorConstructor = new (init: { track: MediaStreamTrack }) => TrackProcessor;

function trackProcessor(): TrackProcessorConstructor {
  const ctor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessorConstructor })
    .MediaStreamTrackProcessor;
  if (ctor === undefined || typeof AudioEncoder !== "function") {
    throw new SoftphoneError(
      SoftphoneErrorCode.NotSupported,
      "Opus capture needs WebCodecs AudioEncoder and MediaStreamTrackProcessor (Chromium); use codec 'ulaw' or 'alaw' elsewhere",
    );
  }
  return ctor;
}

/** Encodes one microphone track at a time into the sink. */
export class OpusUplink {
  #encoder: AudioEncoder | undefined;
  #config: AudioEncoderConfig | undefined;
  #reader: ReadableStreamDefaultReader<AudioData> | undefined;
  #offsetUs: number | undefined;
  #plane = new Float32Array(0);
  level = 0;
  muted = false;
  framesSent = 0;
  bytesSent = 0;
  error: SoftphoneError | undefined;

  constructor(
    private readonly sink: AudioFrameSink,
    private readonly o: OpusUplinkOptions,
  ) {
    trackProcessor();
  }

  /** Starts reading `track` (stopping the previous one's reader). */
  attach(track: MediaStreamTrack): void {
    void this.#reader?.cancel();
    // Another track has another capture timeline: map it to the epoch afresh.
    this.#offsetUs = undefined;
    this.reset();
    const reader = new (trackProcessor())({ track }).readable.getReader();
    this.#reader = reader;
    void this.#pump(reader);
  }

  /** Drops any partly filled frame, so unmuting starts afresh. */
  reset(): void {
    if (this.#encoder?.state === "configured" && this.#config !== undefined) {
      this.#encoder.reset();
      this.#encoder.configure(this.#config);
    }
  }

  close(): void {
    void this.#reader?.cancel();
    this.#reader = undefined;
    if (this.#encoder !== undefined && this.#encoder.state !== "closed") this.#encoder.close();
  }

  async #pump(reader: ReadableStreamDefaultReader<AudioData>): Promise<void> {
    for (;;) {
      let result: ReadableStreamReadResult<AudioData>;
      try {
        result = await reader.read();
      } catch {
        return;
      }
      if (result.done) return;
      const data = result.value;
      try {
        if (this.#reader === reader) this.#feed(data);
      } catch (e) {
        this.error ??= new SoftphoneError(SoftphoneErrorCode.Codec, `Opus encoder: ${String(e)}`, {
          cause: e,
        });
      } finally {
        data.close();
      }
    }
  }

  #feed(data: AudioData): void {
    const frames = data.numberOfFrames;
    if (this.#plane.length < frames) this.#plane = new Float32Array(frames);
    data.copyTo(this.#plane, { planeIndex: 0, format: "f32-planar" });
    // A meter's ballistics: rises at once, falls by about 20 dB per 250 ms.
    this.level = Math.max(rms(this.#plane, frames), this.level * 0.9 ** (frames / 480));
    if (this.muted) return;
    this.#offsetUs ??= nowUs() - data.timestamp;
    const encoder = this.#encoderFor(data);
    encoder.encode(data);
  }

  #encoderFor(data: AudioData): AudioEncoder {
    if (this.#encoder !== undefined) return this.#encoder;
    this.#config = {
      codec: "opus",
      sampleRate: data.sampleRate,
      numberOfChannels: data.numberOfChannels,
      bitrate: this.o.bitrate,
      opus: {
        frameDuration: this.o.frameMs * 1000,
        useinbandfec: this.o.fec,
        usedtx: this.o.dtx,
        complexity: 5,
      },
    } as AudioEncoderConfig;
    this.#encoder = new AudioEncoder({
      output: (chunk) => this.#send(chunk),
      error: (e) => {
        this.error ??= new SoftphoneError(SoftphoneErrorCode.Codec, `Opus encoder: ${e.message}`, {
          cause: e,
        });
      },
    });
    this.#encoder.configure(this.#config);
    return this.#encoder;
  }

  #send(chunk: EncodedAudioChunk): void {
    if (this.muted) return;
    const bytes = new Uint8Array(chunk.byteLength);
    chunk.copyTo(bytes);
    this.sink.write(chunk.timestamp + (this.#offsetUs ?? 0), bytes);
    this.framesSent++;
    this.bytesSent += bytes.length;
  }
}
