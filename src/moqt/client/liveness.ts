// A subscriber that only receives sends nothing, so a relay that died without a
// word (a crash, a dead path) is noticed only at the transport's idle timeout
// (10 s on the dev server, 30 s elsewhere), and the client stays "Connected" to
// nobody; so does a publisher whose writes vanish into a path that stopped
// answering. While the client has a track, it therefore asks the relay something
// it must answer — TRACK_STATUS for that track (draft-14 and draft-16
// §"TRACK_STATUS"; an error answer counts too) — and ends the session when an
// answer is late, so the reconnect starts within about a second.
import type { SessionLink } from "./session-link.ts";
import { sleep } from "./sleep.ts";
import type { TrackName } from "./track-name.ts";

/** Probes one session until it ends. */
export class Liveness {
  private readonly stop = new AbortController();

  /**
   * `probeTrack` names a track of this client to ask about, or undefined when
   * there is none; `onDead` ends the session.
   */
  constructor(
    private readonly link: SessionLink,
    private readonly probeTrack: () => TrackName | undefined,
    private readonly intervalMs: number,
    private readonly onDead: (silentMs: number) => void,
  ) {}

  /** Starts probing every `intervalMs`; a probe unanswered for 3 × `intervalMs` ends the session. */
  start(): void {
    if (this.intervalMs > 0) void this.run();
  }

  /** Stops probing (the session ended). */
  end(): void {
    this.stop.abort();
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
      const inTime = await Promise.race([
        answer,
        sleep(3 * this.intervalMs, signal).then(() => false),
      ]);
      if (signal.aborted || this.link.isClosed) return;
      if (inTime) {
        answered = true;
      } else if (answered) {
        this.onDead(Date.now() - sentAtMs);
        return;
      } else {
        // Never answered: wait for this one before probing again.
        await answer;
      }
    }
  }
}
