import type { IncomingRequestIds } from "./request-ids.ts";

/**
 * Grants the peer Request IDs (§"MAX_REQUEST_ID"). With `auto`, the peer's
 * allowance is topped back up to `window` whenever less than half is left, and
 * refilled when it reports being blocked; otherwise only `grant()` raises it.
 */
export class PeerRequestFlow {
  constructor(
    private readonly ids: IncomingRequestIds,
    private readonly window: number,
    private readonly auto: boolean,
    private readonly sendMax: (maxRequestId: number) => void,
  ) {}

  /** After each request the peer opened. */
  onRequest(): void {
    const left = this.ids.remaining;
    if (this.auto && this.window > 0 && left < this.window / 2) this.grant(this.window - left);
  }

  /** The peer sent REQUESTS_BLOCKED. */
  onBlocked(): void {
    if (this.auto && this.window > 0 && this.ids.remaining === 0) this.grant(this.window);
  }

  /** Lets the peer open `count` more requests (sends MAX_REQUEST_ID). */
  grant(count: number): void {
    if (count > 0) this.sendMax(this.ids.grant(count));
  }

  /** Requests the peer may still open. */
  get remaining(): number {
    return this.ids.remaining;
  }
}
