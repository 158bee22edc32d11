// Subscribing before the publisher exists ("a robot can subscribe to its command
// track before any controller connects"): the subscriber asks the relay to hold
// its SUBSCRIBE with RENDEZVOUS_TIMEOUT where the relay speaks it, and asks again
// with backoff when the relay answers DOES_NOT_EXIST — which relays that refuse at
// once (and ours without the parameter) do.
import { MessageParam } from "../wire/message-param-types.ts";
import type { SessionLink } from "./session-link.ts";

/** Longest pause between two SUBSCRIBEs for a track that does not exist yet. */
export const MAX_RESUBSCRIBE_DELAY_MS = 5_000;

/**
 * The RENDEZVOUS_TIMEOUT to send on `link`, or undefined. draft-14 receivers
 * ignore unknown parameters (§"Parameters"), so it always goes; draft-16 closes
 * the session on an unknown Message Parameter unless it was negotiated in SETUP
 * (§"Parameters"), so it goes only to a relay whose SERVER_SETUP carries the
 * same type (its value: the longest hold the relay grants).
 */
export function rendezvousTimeoutFor(link: SessionLink, wantedMs: number): number | undefined {
  if (wantedMs <= 0) return undefined;
  if (link.draft === 14) return wantedMs;
  const offer = link.session.peerSetup.unknown?.find(
    (p) => p.type === MessageParam.RENDEZVOUS_TIMEOUT,
  );
  if (offer === undefined) return undefined;
  return typeof offer.value === "number" && offer.value > 0
    ? Math.min(wantedMs, offer.value)
    : wantedMs;
}

/**
 * The pause before SUBSCRIBE attempt `attempt` (1, 2, …) after a refusal that may
 * clear up: `baseMs` doubling up to `MAX_RESUBSCRIBE_DELAY_MS`, jittered to
 * [d/2, d], and never less than the relay's Retry Interval.
 */
export function resubscribeDelayMs(
  attempt: number,
  baseMs: number,
  retryIntervalMs: number | undefined,
  random: () => number = Math.random,
): number {
  const d = Math.min(MAX_RESUBSCRIBE_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(retryIntervalMs ?? 0, Math.round(d * (1 - random() / 2)));
}
