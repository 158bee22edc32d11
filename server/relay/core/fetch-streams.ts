// FETCH response streams arriving from a publisher, matched to the relay's own
// FETCH by Request ID. The stream may arrive before or after FETCH_OK
// (§"Fetch Handling": the answer can come at any time relative to the Objects).
import { type IncomingFetchStream, StreamResetCode } from "../../../src/moqt/session/index.ts";
import type { RelayClock } from "./clock.ts";

/** One session's incoming FETCH streams. */
export class FetchStreams {
  private readonly waiting = new Map<number, (s: IncomingFetchStream | undefined) => void>();
  private readonly early = new Map<number, IncomingFetchStream>();

  constructor(
    private readonly clock: RelayClock,
    private readonly keepMs: number,
  ) {}

  /** A FETCH stream arrived; one nobody claims within `keepMs` is stopped. */
  offer(s: IncomingFetchStream): void {
    const id = s.header.requestId;
    const w = this.waiting.get(id);
    if (w !== undefined) {
      this.waiting.delete(id);
      w(s);
      return;
    }
    this.early.set(id, s);
    this.clock.setTimeout(() => {
      if (this.early.get(id) !== s) return;
      this.early.delete(id);
      s.cancel(StreamResetCode.CANCELLED);
    }, this.keepMs);
  }

  /** The stream of FETCH `requestId`, waiting up to `keepMs`; undefined if none came. */
  take(requestId: number): Promise<IncomingFetchStream | undefined> {
    const s = this.early.get(requestId);
    if (s !== undefined) {
      this.early.delete(requestId);
      return Promise.resolve(s);
    }
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => {
        this.waiting.delete(requestId);
        resolve(undefined);
      }, this.keepMs);
      this.waiting.set(requestId, (v) => {
        this.clock.clearTimeout(timer);
        resolve(v);
      });
    });
  }

  /** The session ended. */
  close(): void {
    for (const w of this.waiting.values()) w(undefined);
    this.waiting.clear();
    for (const s of this.early.values()) s.cancel(StreamResetCode.SESSION_CLOSED);
    this.early.clear();
  }
}
