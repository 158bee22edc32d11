/// <reference path="../store/node-sqlite.d.ts" />
// Status-change webhooks: each event has an id (receivers de-duplicate on it),
// is signed with the org's webhook secret (HMAC-SHA256 over "id.timestamp.body"),
// and is retried with exponential backoff until a 2xx: delivered at least once
// while the engine runs.
import { createHmac, randomBytes } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import type { RelayClock } from "../../relay/core/clock.ts";

/** Request headers of a webhook delivery. */
export const WEBHOOK_HEADERS = {
  id: "clutchcall-webhook-id",
  timestamp: "clutchcall-webhook-timestamp",
  signature: "clutchcall-signature",
} as const;

/** Delays before each retry, ms: 0.5 s doubling, 7 retries (about a minute in all). */
export const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 16000, 32000] as const;

/** The `v1=` signature of a delivery: hex HMAC-SHA256 of `${id}.${timestampS}.${body}`. */
export function signWebhook(secret: string, id: string, timestampS: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${id}.${timestampS}.${body}`).digest("hex")}`;
}

/** The org's webhook signing secret, made on first use. */
export function webhookSecret(db: DatabaseSync, orgId: string): string {
  const row = db.prepare("SELECT secret FROM voice_webhook_secrets WHERE org_id = ?").get(orgId) as
    | { secret: string }
    | undefined;
  if (row !== undefined) return row.secret;
  const secret = `whsec_${randomBytes(32).toString("base64url")}`;
  db.prepare("INSERT INTO voice_webhook_secrets (org_id, secret) VALUES (?, ?)").run(orgId, secret);
  return secret;
}

/** Outcome of one delivery attempt, for logs. */
export interface WebhookAttempt {
  readonly id: string;
  readonly url: string;
  readonly attempt: number;
  readonly status?: number;
  readonly error?: string;
  readonly final: boolean;
}

/** Sends webhook events and retries failed ones. */
export class WebhookSender {
  readonly #pending = new Set<unknown>();
  #closed = false;

  constructor(
    private readonly clock: RelayClock,
    private readonly onAttempt: (a: WebhookAttempt) => void = () => {},
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Queues `event` for `url`, signed with `secret`; returns the event id. */
  send(url: string, secret: string, event: Record<string, unknown>): string {
    const id = `evt_${randomBytes(12).toString("hex")}`;
    const body = JSON.stringify({ id, ...event });
    void this.#attempt(url, secret, id, body, 0);
    return id;
  }

  async #attempt(url: string, secret: string, id: string, body: string, attempt: number) {
    if (this.#closed) return;
    const timestampS = Math.floor(this.clock.nowMs() / 1000);
    let status: number | undefined;
    let error: string | undefined;
    try {
      const response = await this.fetchImpl(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [WEBHOOK_HEADERS.id]: id,
          [WEBHOOK_HEADERS.timestamp]: String(timestampS),
          [WEBHOOK_HEADERS.signature]: signWebhook(secret, id, timestampS, body),
        },
        body,
        signal: AbortSignal.timeout(5000),
      });
      status = response.status;
      await response.body?.cancel();
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const ok = status !== undefined && status >= 200 && status < 300;
    const delay = RETRY_DELAYS_MS[attempt];
    const final = ok || delay === undefined || this.#closed;
    this.onAttempt({
      id,
      url,
      attempt: attempt + 1,
      ...(status !== undefined && { status }),
      ...(error !== undefined && { error }),
      final,
    });
    if (final) return;
    const timer = this.clock.setTimeout(() => {
      this.#pending.delete(timer);
      void this.#attempt(url, secret, id, body, attempt + 1);
    }, delay);
    this.#pending.add(timer);
  }

  /** Stops retrying. */
  close(): void {
    this.#closed = true;
    for (const t of this.#pending) this.clock.clearTimeout(t);
    this.#pending.clear();
  }
}
