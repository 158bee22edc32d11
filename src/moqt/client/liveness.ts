// A subscriber that only receives sends nothing, so a relay that died without a
// word (a crash, a dead path) is noticed only at the transport's idle timeout
// (10 s on the dev server, 30 s elsewhere), and the client stays "Connected" to
// nobody; so does a publisher whose writes vanish into a path that stopped
// answering. While the client has a track, it therefore asks the relay something
// it must answer — TRACK_STATUS for that track (draft-14 and draft-16
// §"TRACK_STATUS"; an error answer counts too) — and ends the session when the
// relay has been silent too long, so the reconnect starts within about a second.
// Silent means no answer and nothing else from the relay either (streams,
// Objects, datagrams, control messages): a relay slow to answer but still
// sending is alive, and a relay whose answers are slow gets a longer allowance.
import type { SessionLink } from "./session-link.ts";
import { sleep } from "./sleep.ts";
import type { TrackName } from "./track-name.ts";

/** How many recent answer times scale the allowance. */
const RECENT_ANSWERS = 8;

/** Probes one session until it ends. */
export class Liveness {
  private readonly stop = new AbortController();
  private readonly answerMs: number[] = [];

  /**
   * `probeTrack` names a track of this client to ask about, or undefined when
   * there is none; `lastInboundMs` is when anything last arrived from the relay;
   * `onDead` ends the session.
   */
  constructor(
    private readonly link: Pick<SessionLink, "session" | "isClosed">,
    private readonly probeTrack: () => TrackName | undefined,
    private readonly intervalMs: number,
    private readonly onDead: (silentMs: number) => void,
    private readonly lastInboundMs: () => number = () => 0,
  ) {}

  /**
   * Starts probing every `intervalMs`. The session is ended once a probe is
   * unanswered and the relay sent nothing for the allowance: 3 × `intervalMs`,
   * or 3 × the slowest of the recent answers when that is longer.
   */
  start(): void {
    if (this.intervalMs > 0) void this.run();
  }

  /** Stops probing (the session ended). */
  end(): void {
    this.stop.abort();
  }

  /** How long the relay may be silent before the session is ended. */
  get allowanceMs(): number {
    return 3 * Math.max(this.intervalMs, ...this.answerMs);
  }

  private async run(): Promise<void> {
    const signal = this.stop.signal;
    // A relay that never answered a probe may not answer TRACK_STATUS at all: not a sign of death.
    let answered = false;
    while (!signal.aborted && !this.link.isClosed) {
      await sleep(this.intervalMs, signal);
      const track = this.probeTrack();
      if (track === undefined || signal.aborted || this.link.isClosed) continue;
      const sentAtMs = Date.now();
      const answer = this.link.session
        .trackStatus({ trackNamespace: track.trackNamespace, trackName: track.trackName })
        .then(
          () => true,
          () => true,
        );
      if (!answered) {
        await answer;
        answered = true;
        this.record(Date.now() - sentAtMs);
        continue;
      }
      for (;;) {
        const inTime = await Promise.race([
          answer,
          sleep(this.intervalMs, signal).then(() => false),
        ]);
        if (signal.aborted || this.link.isClosed) return;
        if (inTime) {
          this.record(Date.now() - sentAtMs);
          break;
        }
        const silentMs = Date.now() - Math.max(sentAtMs, this.lastInboundMs());
        if (silentMs >= this.allowanceMs) {
          this.onDead(silentMs);
          return;
        }
      }
    }
  }

  private record(ms: number): void {
    this.answerMs.push(ms);
    if (this.answerMs.length > RECENT_ANSWERS) this.answerMs.shift();
  }
}
