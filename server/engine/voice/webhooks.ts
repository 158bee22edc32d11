/// <reference path="../store/node-sqlite.d.ts" />
// Status-change webhooks: each event has an id (receivers de-duplicate on it),
// is signed with the org's webhook secret (HMAC-SHA256 over "id.timestamp.body"),
// and is retried with exponential backoff until a 2xx: delivered at least once
// while the engine runs, and in order within a call.
import { createHmac, randomBytes } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import type { RelayClock, TimerHandle } from "../../relay/core/clock.ts";

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

/**
 * Sends webhook events and retries failed ones. Events with the same order key
 * (a call's sid) are delivered one after another: the next waits until the
 * previous one got its 2xx or ran out of retries.
 */
export class WebhookSender {
  readonly #queues = new Map<string, Promise<void>>();
  readonly #sleeping = new Map<TimerHandle, () => void>();
  #closed = false;

  constructor(
    private readonly clock: RelayClock,
    private readonly onAttempt: (a: WebhookAttempt) => void = () => {},
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Queues `event` for `url` behind earlier events of `orderKey`, signed with `secret`; returns the event id. */
  send(url: string, secret: string, event: Record<string, unknown>, orderKey: string): string {
    const id = `evt_${randomBytes(12).toString("hex")}`;
    const body = JSON.stringify({ id, ...event });
    const queued = (this.#queues.get(orderKey) ?? Promise.resolve()).then(() =>
      this.#deliver(url, secret, id, body),
    );
    this.#queues.set(orderKey, queued);
    void queued.then(() => {
      if (this.#queues.get(orderKey) === queued) this.#queues.delete(orderKey);
    });
    return id;
  }

  /** Stops retrying; queued events are dropped. */
  close(): void {
    this.#closed = true;
    for (const [timer, wake] of this.#sleeping) {
      this.clock.clearTimeout(timer);
      wake();
    }
    this.#sleeping.clear();
  }

  async #deliver(url: string, secret: string, id: string, body: string): Promise<void> {
    for (let attempt = 0; !this.#closed; attempt++) {
      const ok = await this.#attempt(url, secret, id, body, attempt);
      const delayMs = RETRY_DELAYS_MS[attempt];
      if (ok || delayMs === undefined) return;
      await this.#sleep(delayMs);
    }
  }

  async #attempt(
    url: string,
    secret: string,
    id: string,
    body: string,
    attempt: number,
  ): Promise<boolean> {
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
    this.onAttempt({
      id,
      url,
      attempt: attempt + 1,
      ...(status !== undefined && { status }),
      ...(error !== undefined && { error }),
      final: ok || RETRY_DELAYS_MS[attempt] === undefined || this.#closed,
    });
    return ok;
  }

  #sleep(delayMs: number): Promise<void> {
    return new Promise((wake) => {
      const timer = this.clock.setTimeout(() => {
        this.#sleeping.delete(timer);
        wake();
      }, delayMs);
      this.#sleeping.set(timer, wake);
    });
  }
}
