// How many streams of one kind the peer may open (RFC 9000 §4.6): the MAX_STREAMS
// limit we declared, the streams it opened (a stream's first frame opens every
// lower one of its kind, §3.2; those come when their frames do), and the credit
// given back as its streams end.
import { QmuxError, QmuxErrorCode } from "./qmux-error.ts";

/** Peer-opened streams of one kind (bidirectional or unidirectional). */
export class PeerStreamCount {
  /** The MAX_STREAMS in force (the index every new stream must stay below). */
  max: number;
  #next = 0;
  /** Indices below `#next` implicitly opened but not yet seen. */
  readonly #holes = new Set<number>();
  #ended = 0;

  constructor(
    /** The initial limit, and how many may be open at once. */
    readonly window: number,
  ) {
    this.max = window;
  }

  /**
   * Stream `index` has a frame: true when it opens now, false when it already
   * ended. STREAM_LIMIT_ERROR at or past `max`.
   */
  open(index: number, id: number, frameType: number): boolean {
    if (index >= this.max) {
      throw new QmuxError(
        QmuxErrorCode.STREAM_LIMIT_ERROR,
        `stream ${id} is beyond MAX_STREAMS`,
        frameType,
      );
    }
    if (index < this.#next) return this.#holes.delete(index);
    for (let i = this.#next; i < index; i++) this.#holes.add(i);
    this.#next = index + 1;
    return true;
  }

  /**
   * A stream ended (and the application took it): the new limit to declare in
   * MAX_STREAMS once half the window is used (RFC 9000 §4.6), else undefined.
   */
  ended(): number | undefined {
    this.#ended++;
    if (this.max - this.#ended > this.window / 2) return undefined;
    this.max = this.#ended + this.window;
    return this.max;
  }
}
