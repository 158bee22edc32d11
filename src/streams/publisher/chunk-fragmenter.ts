// What every encoded track does with its encoder's output: copy each chunk,
// count it, cut CMAF fragments and hand them to the track's output; on close,
// drain the encoder and send the last fragment.
import { type CutFragment, Fragmenter, type FragmenterOptions } from "../cmaf/fragmenter.ts";
import { TrackCounters, type TrackOutput } from "./track-output.ts";

export class ChunkFragmenter {
  readonly counters: TrackCounters;
  private readonly fragmenter: Fragmenter;

  constructor(
    name: string,
    options: FragmenterOptions,
    private readonly out: TrackOutput,
  ) {
    this.counters = new TrackCounters(name);
    this.fragmenter = new Fragmenter(options);
  }

  /** Adds one encoded chunk, `timestampUs` on the stream's media timeline. */
  push(chunk: EncodedVideoChunk | EncodedAudioChunk, timestampUs: number, keyframe: boolean): void {
    const data = new Uint8Array(chunk.byteLength);
    chunk.copyTo(data);
    this.counters.framesEncoded++;
    const f = this.fragmenter.push({ timestampUs, data, keyframe });
    if (f !== undefined) this.emit(f);
  }

  /** Encodes what `encoder` still holds, closes it and sends the last fragment. */
  async close(encoder: VideoEncoder | AudioEncoder | undefined): Promise<void> {
    if (encoder !== undefined && encoder.state === "configured") {
      await encoder.flush().catch(() => undefined);
      encoder.close();
    }
    const last = this.fragmenter.flush();
    if (last !== undefined) this.emit(last);
  }

  private emit(f: CutFragment): void {
    this.counters.addFragment(f);
    this.out.fragment(f);
  }
}
