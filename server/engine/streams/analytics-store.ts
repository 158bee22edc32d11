// Per-broadcast analytics (seed 002: "The relay writes a per-broadcast analytics
// row keyed on that tag"): one row from a publish session's start to its end.
import type { DatabaseSync } from "node:sqlite";
import { newId, nowIso } from "../ids.ts";

/** The broadcast capability tag (seed 002 "Wire model"). */
export const BROADCAST_CAPABILITY = "media.broadcast";

/** One broadcast's numbers. */
export interface BroadcastAnalytics {
  readonly id: string;
  readonly input_id: string;
  readonly external_input_id: string;
  readonly capability: string;
  readonly started_at: string;
  /** null while live. */
  readonly ended_at: string | null;
  readonly current_viewers: number;
  readonly peak_viewers: number;
  readonly bytes_in: number;
  readonly bytes_out: number;
  readonly viewer_seconds: number;
}

const COLUMNS =
  "id, input_id, external_input_id, capability, started_at, ended_at, current_viewers, peak_viewers, bytes_in, bytes_out, viewer_seconds";

/** Opens a broadcast row; returns its id. */
export function startBroadcast(
  db: DatabaseSync,
  input: { id: string; external_input_id: string; org_id: string },
): string {
  const id = newId("bc");
  db.prepare(
    "INSERT INTO broadcasts (id, org_id, input_id, external_input_id, capability, started_at) VALUES (?, ?, ?, ?, ?, ?)",
  ).run(id, input.org_id, input.id, input.external_input_id, BROADCAST_CAPABILITY, nowIso());
  return id;
}

/** The live (not ended) broadcast of an input, if any. */
export function liveBroadcastId(db: DatabaseSync, inputId: string): string | undefined {
  const row = db
    .prepare(
      "SELECT id FROM broadcasts WHERE input_id = ? AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1",
    )
    .get(inputId) as { id: string } | undefined;
  return row?.id;
}

/** Adds counters to a broadcast and moves its viewer count by `viewerDelta`. */
export function addToBroadcast(
  db: DatabaseSync,
  id: string,
  add: { viewerDelta?: number; bytesIn?: number; bytesOut?: number; viewerSeconds?: number },
): void {
  db.prepare(
    `UPDATE broadcasts SET
       current_viewers = MAX(0, current_viewers + ?),
       peak_viewers = MAX(peak_viewers, current_viewers + ?),
       bytes_in = bytes_in + ?, bytes_out = bytes_out + ?, viewer_seconds = viewer_seconds + ?
     WHERE id = ?`,
  ).run(
    add.viewerDelta ?? 0,
    add.viewerDelta ?? 0,
    add.bytesIn ?? 0,
    add.bytesOut ?? 0,
    add.viewerSeconds ?? 0,
    id,
  );
}

/** Marks a broadcast ended. */
export function endBroadcast(db: DatabaseSync, id: string): void {
  db.prepare("UPDATE broadcasts SET ended_at = ? WHERE id = ? AND ended_at IS NULL").run(
    nowIso(),
    id,
  );
}

/** Broadcasts of `orgId` (of one input when `inputId` is given, li_… or lv_…), newest first. */
export function listBroadcasts(
  db: DatabaseSync,
  orgId: string,
  inputId?: string,
  limit = 100,
): BroadcastAnalytics[] {
  const rows =
    inputId === undefined
      ? db
          .prepare(
            `SELECT ${COLUMNS} FROM broadcasts WHERE org_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?`,
          )
          .all(orgId, limit)
      : db
          .prepare(
            `SELECT ${COLUMNS} FROM broadcasts WHERE org_id = ? AND (input_id = ? OR external_input_id = ?)
             ORDER BY started_at DESC, rowid DESC LIMIT ?`,
          )
          .all(orgId, inputId, inputId, limit);
  return rows as unknown as BroadcastAnalytics[];
}
