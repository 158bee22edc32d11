// The simulator's call progress: what a carrier would signal after the dial,
// on an injectable clock.

import type { CallEndReason } from "../../../../src/voice/control/status.ts";
import type { RelayClock, TimerHandle } from "../../../relay/core/clock.ts";
import type { AudioPeer } from "../audio-peer.ts";
import type { NumberBehaviour } from "./numbers.ts";

/** From the dial to the first carrier signal (ringing, busy, unallocated), ms. */
export const SETUP_MS = 150;
/** One ring of the North American cadence (2 s on), ms: answering numbers pick up after it. */
export const RING_MS = 2000;

/** What the dialer reports: a status change, with the peer on answer and a reason on failure. */
export type DialEvent =
  | { readonly status: "ringing" }
  | { readonly status: "in_progress"; readonly peer: AudioPeer }
  | { readonly status: "failed" | "no_answer"; readonly reason: CallEndReason };

/** Runs the call progress of one dial; `cancel()` stops it (hangup before answer). */
export class SimulatedDial {
  #timer: TimerHandle | undefined;
  #cancelled = false;

  constructor(
    private readonly behaviour: NumberBehaviour,
    private readonly ringTimeoutMs: number,
    private readonly clock: RelayClock,
    private readonly onEvent: (event: DialEvent) => void,
  ) {
    this.#after(SETUP_MS, () => this.#setup());
  }

  cancel(): void {
    this.#cancelled = true;
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
  }

  #after(ms: number, step: () => void): void {
    this.#timer = this.clock.setTimeout(() => {
      if (!this.#cancelled) step();
    }, ms);
  }

  #setup(): void {
    const b = this.behaviour;
    if (b.kind === "unallocated" || b.kind === "busy") {
      this.onEvent({ status: "failed", reason: b.kind === "busy" ? "busy" : "unallocated_number" });
      return;
    }
    this.onEvent({ status: "ringing" });
    if (b.kind === "no_answer") {
      this.#after(this.ringTimeoutMs, () =>
        this.onEvent({ status: "no_answer", reason: "ring_timeout" }),
      );
    } else {
      this.#after(RING_MS, () => this.onEvent({ status: "in_progress", peer: b.peer() }));
    }
  }
}
