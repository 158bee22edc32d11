// Checking a status webhook: the engine signs `${id}.${timestamp}.${body}` with
// HMAC-SHA256 under the org's webhook secret and sends the hex digest as
// `clutchcall-signature: v1=<hex>`, with the id and timestamp in their own headers.
import type { CallRecord } from "./status.ts";

/** A status-change event as delivered. `id` is the same on every retry: de-duplicate on it. */
export interface CallStatusEvent {
  readonly id: string;
  readonly type: "call.status";
  readonly call: CallRecord;
}

/** What `verifyWebhook` needs from the request. */
export interface WebhookRequestParts {
  /** The raw body text, exactly as received. */
  readonly body: string;
  /** Header `clutchcall-webhook-id`. */
  readonly id: string | null;
  /** Header `clutchcall-webhook-timestamp` (seconds since the Unix epoch). */
  readonly timestamp: string | null;
  /** Header `clutchcall-signature`. */
  readonly signature: string | null;
}

const hex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

/**
 * Verifies a webhook delivery against `secret` (see `voice.webhookSecret()`) and
 * returns its event, or null when the signature does not match or the timestamp
 * is more than `toleranceS` (default 300) seconds from now.
 */
export async function verifyWebhook(
  secret: string,
  parts: WebhookRequestParts,
  toleranceS = 300,
): Promise<CallStatusEvent | null> {
  const { body, id, timestamp, signature } = parts;
  if (id === null || timestamp === null || signature === null) return null;
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || Math.abs(Date.now() / 1000 - ts) > toleranceS) return null;
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    enc.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const expected = `v1=${hex(await crypto.subtle.sign("HMAC", key, enc.encode(`${id}.${timestamp}.${body}`)))}`;
  if (expected.length !== signature.length) return null;
  let diff = 0;
  for (let i = 0; i < expected.length; i++)
    diff |= expected.charCodeAt(i) ^ signature.charCodeAt(i);
  if (diff !== 0) return null;
  const event = JSON.parse(body) as CallStatusEvent;
  return event.id === id ? event : null;
}
