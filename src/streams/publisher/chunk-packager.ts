// What every encoded track does with its encoder's output: copy each chunk,
// count it, write it as a CMAF chunk and hand that to the track's output; on
// close, drain the encoder and send the last one.
import { ChunkWriter, type ChunkWriterOptions, type CmafChunk } from "../cmaf/chunk-writer.ts";
import { TrackCounters, type TrackOutput } from "./track-output.ts";

export class ChunkPackager {
  readonly counters: TrackCounters;
  private readonly writer: ChunkWriter;

  constructor(
    name: string,
    options: ChunkWriterOptions,
    private readonly out: TrackOutput,
  ) {
    this.counters = new TrackCounters(name);
    this.writer = new ChunkWriter(options);
  }

  /** Adds one encoded chunk, `timestampUs` on the stream's media timeline. */
  push(chunk: EncodedVideoChunk | EncodedAudioChunk, timestampUs: number, keyframe: boolean): void {
    const data = new Uint8Array(chunk.byteLength);
    chunk.copyTo(data);
    this.counters.framesEncoded++;
    const c = this.writer.push({ timestampUs, data, keyframe });
    if (c !== undefined) this.emit(c);
  }

  /** Encodes what `encoder` still holds, closes it and sends the last chunk. */
  async close(encoder: VideoEncoder | AudioEncoder | undefined): Promise<void> {
    if (encoder !== undefined && encoder.state === "configured") {
      await encoder.flush().catch(() => undefined);
      encoder.close();
    }
    const last = this.writer.flush();
    if (last !== undefined) this.emit(last);
  }

  private emit(c: CmafChunk): void {
    this.counters.addChunk(c);
    this.out.chunk(c);
  }
}
