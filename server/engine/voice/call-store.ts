/// <reference path="../store/node-sqlite.d.ts" />
// Calls in SQLite: create (with idempotency keys), read, list by cursor, and
// forward-only status changes with a timestamp per status.
import type { DatabaseSync } from "node:sqlite";
import {
  type CallEndReason,
  type CallRecord,
  type CallStatus,
  type CallTimestamps,
  canAdvance,
} from "../../../src/voice/control/status.ts";

interface CallRow {
  seq: number;
  sid: string;
  org_id: string;
  direction: "outbound" | "inbound";
  to_number: string;
  from_number: string;
  status: CallStatus;
  reason: CallEndReason | null;
  agent: string | null;
  timestamps: string;
  created_at_ms: number;
  webhook_url: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
}

/** A stored call: the public record plus what only the engine sees. */
export interface StoredCall extends CallRecord {
  readonly orgId: string;
  readonly webhookUrl: string | null;
  readonly requestHash: string | null;
}

/** A new call's fields. */
export interface NewCall {
  readonly sid: string;
  readonly orgId: string;
  readonly direction: "outbound" | "inbound";
  readonly to: string;
  readonly from: string;
  readonly nowMs: number;
  readonly webhookUrl?: string | undefined;
  readonly idempotencyKey?: string | undefined;
  readonly requestHash?: string | undefined;
}

function toCall(row: CallRow): StoredCall {
  return {
    sid: row.sid,
    orgId: row.org_id,
    direction: row.direction,
    to: row.to_number,
    from: row.from_number,
    status: row.status,
    reason: row.reason,
    agent: row.agent,
    timestamps: JSON.parse(row.timestamps) as CallTimestamps,
    createdAtMs: row.created_at_ms,
    webhookUrl: row.webhook_url,
    requestHash: row.request_hash,
  };
}

/** One page of calls, newest first. */
export interface CallPage {
  readonly calls: StoredCall[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

/** The calls table. */
export class CallStore {
  constructor(private readonly db: DatabaseSync) {}

  /** Inserts a call in `dialing`. */
  create(c: NewCall): StoredCall {
    this.db
      .prepare(
        `INSERT INTO voice_calls (sid, org_id, direction, to_number, from_number, status, timestamps,
           created_at_ms, webhook_url, idempotency_key, request_hash)
         VALUES (?, ?, ?, ?, ?, 'dialing', ?, ?, ?, ?, ?)`,
      )
      .run(
        c.sid,
        c.orgId,
        c.direction,
        c.to,
        c.from,
        JSON.stringify({ dialing: c.nowMs }),
        c.nowMs,
        c.webhookUrl ?? null,
        c.idempotencyKey ?? null,
        c.requestHash ?? null,
      );
    return this.get(c.orgId, c.sid)!;
  }

  /** The call `sid` of `orgId`, if any. */
  get(orgId: string, sid: string): StoredCall | undefined {
    const row = this.db
      .prepare("SELECT * FROM voice_calls WHERE org_id = ? AND sid = ?")
      .get(orgId, sid) as CallRow | undefined;
    return row === undefined ? undefined : toCall(row);
  }

  /** The call `orgId` created with `idempotencyKey`, if any. */
  byIdempotencyKey(orgId: string, idempotencyKey: string): StoredCall | undefined {
    const row = this.db
      .prepare("SELECT * FROM voice_calls WHERE org_id = ? AND idempotency_key = ?")
      .get(orgId, idempotencyKey) as CallRow | undefined;
    return row === undefined ? undefined : toCall(row);
  }

  /** Calls of `orgId`, newest first, optionally of one status. */
  list(orgId: string, o: { status?: CallStatus; limit: number; cursor?: string }): CallPage {
    const before = o.cursor === undefined ? Number.MAX_SAFE_INTEGER : Number(o.cursor);
    const rows = this.db
      .prepare(
        `SELECT * FROM voice_calls WHERE org_id = ? AND seq < ? AND (? IS NULL OR status = ?)
         ORDER BY seq DESC LIMIT ?`,
      )
      .all(orgId, before, o.status ?? null, o.status ?? null, o.limit + 1) as unknown as CallRow[];
    const page = rows.slice(0, o.limit);
    return {
      calls: page.map(toCall),
      nextCursor: rows.length > o.limit ? String(page.at(-1)!.seq) : null,
    };
  }

  /**
   * Moves the call to `status` at `nowMs` (with `reason` for a terminal one);
   * returns the updated call, or undefined when that is not a forward move.
   */
  advance(
    sid: string,
    status: CallStatus,
    nowMs: number,
    reason: CallEndReason | null = null,
  ): StoredCall | undefined {
    const row = this.db.prepare("SELECT * FROM voice_calls WHERE sid = ?").get(sid) as
      | CallRow
      | undefined;
    if (row === undefined || !canAdvance(row.status, status)) return undefined;
    const timestamps = { ...(JSON.parse(row.timestamps) as CallTimestamps), [status]: nowMs };
    this.db
      .prepare("UPDATE voice_calls SET status = ?, reason = ?, timestamps = ? WHERE sid = ?")
      .run(status, reason, JSON.stringify(timestamps), sid);
    return toCall({ ...row, status, reason, timestamps: JSON.stringify(timestamps) });
  }

  /** Records the agent bound to the call. */
  setAgent(sid: string, agent: string | null): void {
    this.db.prepare("UPDATE voice_calls SET agent = ? WHERE sid = ?").run(agent, sid);
  }

  /** Records the number the call was transferred to. */
  setTo(sid: string, to: string): void {
    this.db.prepare("UPDATE voice_calls SET to_number = ? WHERE sid = ?").run(to, sid);
  }

  /** Sids of calls not yet ended (after a restart: calls whose process is gone). */
  unfinished(): string[] {
    const rows = this.db
      .prepare("SELECT sid FROM voice_calls WHERE status IN ('dialing', 'ringing', 'in_progress')")
      .all() as { sid: string }[];
    return rows.map((r) => r.sid);
  }
}
