// What the player shows: pure functions from the viewer's state to text and flags.

/** Above the target by more than this, the LIVE badge shows playback as behind. */
export const BEHIND_SLACK_MS = 1000;

/** Whether playback counts as at the live edge (the LIVE badge lit). */
export function isAtLiveEdge(s: {
  readonly paused: boolean;
  readonly latencyMs: number;
  readonly targetLatencyMs: number;
}): boolean {
  return !s.paused && s.latencyMs <= s.targetLatencyMs + BEHIND_SLACK_MS;
}

/** Latency for the indicator: "0.8 s". */
export function latencyText(latencyMs: number): string {
  return `${(Math.max(0, latencyMs) / 1000).toFixed(1)} s`;
}

/** A rendition's label in the menu: "video/720p" → "720p". */
export function renditionLabel(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

const MESSAGES: Record<string, string> = {
  auth_failed: "The relay refused the playback token (missing, expired, or for another stream).",
  connection_failed: "Cannot reach the relay.",
  invalid_argument: "The player is misconfigured.",
  invalid_catalog: "The stream's catalog is missing or malformed.",
  unsupported_codec: "This browser cannot play the stream's codec.",
  unsupported: "This browser cannot play live streams (no MediaSource).",
  decode_error: "The stream could not be decoded.",
  quota_exceeded: "The browser ran out of media buffer.",
};

/** The message shown inside the element for an error: a sentence, then the detail. */
export function errorText(e: { readonly code: string; readonly message: string }): {
  readonly title: string;
  readonly detail: string;
} {
  return { title: MESSAGES[e.code] ?? "Playback failed.", detail: `${e.code}: ${e.message}` };
}
