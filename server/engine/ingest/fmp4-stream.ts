// Cuts a fragmented MP4 byte stream (ffmpeg's output) into its init segment
// (everything up to the end of moov) and its fragments (boxes up to each mdat).
import { boxHeader } from "../media/boxes.ts";

/** What a fragmented MP4 stream yields, in order. */
export interface Fmp4Events {
  init(bytes: Uint8Array): void;
  fragment(bytes: Uint8Array): void;
}

export class Fmp4Stream {
  #buffer = new Uint8Array(0);
  #scanned = 0;
  #initDone = false;

  constructor(private readonly on: Fmp4Events) {}

  push(bytes: Uint8Array): void {
    const joined = new Uint8Array(this.#buffer.byteLength + bytes.byteLength);
    joined.set(this.#buffer);
    joined.set(bytes, this.#buffer.byteLength);
    this.#buffer = joined;
    for (;;) {
      const box = boxHeader(this.#buffer, this.#scanned);
      if (box === undefined || box.end > this.#buffer.byteLength) break;
      if (box.end < box.payload) throw new RangeError("malformed box in the fragmented MP4 stream");
      this.#scanned = box.end;
      const done =
        (!this.#initDone && box.type === "moov") || (this.#initDone && box.type === "mdat");
      if (!done) continue;
      const piece = this.#buffer.slice(0, box.end);
      if (this.#initDone) this.on.fragment(piece);
      else this.on.init(piece);
      this.#initDone = true;
      this.#buffer = this.#buffer.slice(box.end);
      this.#scanned = 0;
    }
  }
}
