// Reads an FLV byte stream (Adobe FLV spec, "The FLV header" / "FLV tags"),
// such as ffmpeg's `-f flv` output, back into tags.
import type { MediaMessage } from "./ingest-session.ts";

const HEADER_BYTES = 9 + 4; // header, then PreviousTagSize0
const TAG_HEADER_BYTES = 11;

export class FlvReader {
  #buffer = new Uint8Array(0);
  #headerDone = false;

  /** Appends bytes; returns the tags they complete. */
  push(bytes: Uint8Array): MediaMessage[] {
    const joined = new Uint8Array(this.#buffer.byteLength + bytes.byteLength);
    joined.set(this.#buffer);
    joined.set(bytes, this.#buffer.byteLength);
    let at = 0;
    if (!this.#headerDone) {
      if (joined.byteLength < HEADER_BYTES) {
        this.#buffer = joined;
        return [];
      }
      if (joined[0] !== 0x46 || joined[1] !== 0x4c || joined[2] !== 0x56) {
        throw new Error("not an FLV stream");
      }
      at = new DataView(joined.buffer).getUint32(5) + 4;
      this.#headerDone = true;
    }
    const tags: MediaMessage[] = [];
    while (at + TAG_HEADER_BYTES <= joined.byteLength) {
      const size = (joined[at + 1]! << 16) | (joined[at + 2]! << 8) | joined[at + 3]!;
      const end = at + TAG_HEADER_BYTES + size + 4;
      if (end > joined.byteLength) break;
      const timestamp =
        ((joined[at + 7]! << 24) |
          (joined[at + 4]! << 16) |
          (joined[at + 5]! << 8) |
          joined[at + 6]!) >>>
        0;
      tags.push({
        typeId: joined[at]! & 0x1f,
        timestamp,
        payload: joined.slice(at + TAG_HEADER_BYTES, at + TAG_HEADER_BYTES + size),
      });
      at = end;
    }
    this.#buffer = joined.slice(at);
    return tags;
  }
}
