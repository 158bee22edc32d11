// Test helpers: an in-process relay core reached through in-memory transport
// pairs via the client's injectable `dial`.
import { Relay, type RelayOptions } from "../../../../server/relay/core/mod.ts";
import { createTransportPair, type MemoryTransport } from "../../../transport/memory.ts";
import { PROFILES, Version } from "../../wire/version.ts";
import type { Dial } from "../dial.ts";
// The session chunk the client loads with its first dial (start-session.ts), loaded
// here already: a test on fake timers then never waits on a module load in real time.
import "../start-session.ts";

/** The WebTransport protocol that selects `draft`. */
export function protocolOf(draft: 14 | 16): string {
  return PROFILES[draft === 14 ? Version.DRAFT_14 : Version.DRAFT_16].alpn;
}

/** A dial into `relay` that records every client-side transport it made. */
export interface RelayDial {
  readonly dial: Dial;
  /** Client ends of every transport dialled, oldest first. */
  readonly transports: MemoryTransport[];
  /** The newest client transport. */
  last(): MemoryTransport;
  /** While true, dialling fails as if the relay were unreachable. */
  down: boolean;
}

/** A `dial` for `MoqtClientOptions` reaching `relay` over a fresh in-memory pair per call. */
export function relayDial(relay: Relay, draft: 14 | 16 = 16): RelayDial {
  const transports: MemoryTransport[] = [];
  const d: RelayDial = {
    dial: async () => {
      if (d.down) throw new Error("relay unreachable");
      const [c, s] = createTransportPair({ protocol: protocolOf(draft) });
      void relay.accept(s, { path: "/moq", query: new URLSearchParams() });
      transports.push(c);
      return c;
    },
    transports,
    last: () => {
      const t = transports.at(-1);
      if (t === undefined) throw new Error("nothing dialled yet");
      return t;
    },
    down: false,
  };
  return d;
}

/** A relay without auth, for local tests. */
export function openRelay(o: Partial<RelayOptions> = {}): Relay {
  return new Relay({ auth: { mode: "none" }, ...o });
}

/** Resolves once `cond()` holds; rejects after `timeoutMs` naming `what`. */
export async function until(
  cond: () => boolean,
  what: string,
  timeoutMs = 10_000,
  /** Poll interval; 0 polls on microtasks (to catch a state before I/O moves on). */
  pollMs = 2,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    if (pollMs === 0) await Promise.resolve();
    else await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Lets pending work run for `ms`. */
export function settle(ms = 20): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
