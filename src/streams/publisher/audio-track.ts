// The broadcast's audio: AudioEncoder (Opus) → CMAF chunks. AAC is used by
// nobody here: Chromium can decode it but not encode it.
import { toBase64 } from "../catalog.ts";
import { opusPreSkip } from "../cmaf/codec-string.ts";
import { writeInitSegment } from "../cmaf/init-segment.ts";
import { AudioGaps } from "./audio-gaps.ts";
import { ChunkPackager } from "./chunk-packager.ts";
import { copyBytes, type TrackCounters, type TrackOutput } from "./track-output.ts";

/** Name of the audio track (seed "Wire model"). */
export const AUDIO_TRACK = "audio";
const OPUS_TIMESCALE = 48_000;
/** Opus's usual encoder delay at 48 kHz, when the encoder does not say (RFC 7845 §4.2). */
const DEFAULT_PRE_SKIP = 312;
const MAX_ENCODE_QUEUE = 8;

export class AudioTrack {
  private encoder: AudioEncoder | undefined;
  private readonly chunks: ChunkPackager;
  private readonly gaps = new AudioGaps();
  private configured = false;
  private closed = false;
  private format: { sampleRate: number; channels: number } | undefined;

  constructor(
    private readonly bitrate: number,
    fragmentMs: number,
    private readonly out: TrackOutput,
    private readonly mediaUs: (captureUs: number) => number,
  ) {
    this.chunks = new ChunkPackager(
      AUDIO_TRACK,
      { trackId: 1, timescale: OPUS_TIMESCALE, allSync: true, fragmentMs },
      out,
    );
  }

  get counters(): TrackCounters {
    return this.chunks.counters;
  }

  /** Encodes `data` (the caller keeps ownership and closes it). */
  encode(data: AudioData): void {
    if (this.closed) return;
    const encoder = this.encoder ?? this.open(data);
    if (encoder.state !== "configured") return;
    if (encoder.encodeQueueSize >= MAX_ENCODE_QUEUE) {
      this.counters.framesDropped++;
      return;
    }
    const t0 = performance.now();
    this.gaps.input(data.timestamp, data.duration);
    encoder.encode(data);
    this.counters.addBusy(performance.now() - t0);
  }

  private open(data: AudioData): AudioEncoder {
    // Opus always decodes at 48 kHz; MSE wants the sample entry and dOps to agree on it.
    this.format = { sampleRate: OPUS_TIMESCALE, channels: Math.min(2, data.numberOfChannels) };
    const encoder = new AudioEncoder({
      output: (chunk, meta) => this.onChunk(chunk, meta),
      error: (e) => this.out.error(e),
    });
    encoder.configure({
      codec: "opus",
      sampleRate: data.sampleRate,
      numberOfChannels: this.format.channels,
      bitrate: this.bitrate,
    });
    this.encoder = encoder;
    return encoder;
  }

  private onChunk(chunk: EncodedAudioChunk, meta?: EncodedAudioChunkMetadata): void {
    if (!this.configured) {
      this.configured = true;
      const d = meta?.decoderConfig?.description;
      const head = d === undefined ? undefined : copyBytes(d);
      const { sampleRate, channels } = this.format!;
      const init = writeInitSegment({
        kind: "audio",
        trackId: 1,
        timescale: OPUS_TIMESCALE,
        sampleRate,
        channels,
        preSkip: opusPreSkip(head) ?? DEFAULT_PRE_SKIP,
      });
      this.out.config({
        name: AUDIO_TRACK,
        kind: "audio",
        codec: "opus",
        packaging: "cmaf",
        sampleRate,
        channels,
        bitrate: this.bitrate,
        initData: toBase64(init),
      });
    }
    this.chunks.push(chunk, this.mediaUs(this.gaps.output(chunk.timestamp)), true);
  }

  async close(): Promise<void> {
    this.closed = true;
    const encoder = this.encoder;
    this.encoder = undefined;
    await this.chunks.close(encoder);
  }
}
