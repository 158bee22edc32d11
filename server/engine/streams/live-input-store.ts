// Live inputs: `li_…` records addressed by publishers and viewers through their
// `lv_…` external id; the stream key is stored only as a hash.
import type { DatabaseSync } from "node:sqlite";
import { hashSecret, newId, newSecret, nowIso, secretMatches } from "../ids.ts";

/** Ingest protocols a live input declares (seed 002 "Ingest"). */
export const INGEST_KINDS = ["rtmp", "srt", "whip", "fmp4"] as const;
export type IngestKind = (typeof INGEST_KINDS)[number];

/** Prefix of stream keys. */
export const STREAM_KEY_PREFIX = "sk";

/** A live input as the API returns it (never its stream key). */
export interface LiveInputRecord {
  readonly id: string;
  readonly external_input_id: string;
  readonly org_id: string;
  readonly name: string;
  readonly ingest: IngestKind;
  readonly stream_key_rotated_at: string;
  readonly created_at: string;
  readonly updated_at: string;
}

const COLUMNS =
  "id, external_input_id, org_id, name, ingest, stream_key_rotated_at, created_at, updated_at";

/** Creates an input; the cleartext stream key is returned here only. */
export function insertLiveInput(
  db: DatabaseSync,
  orgId: string,
  fields: { name: string; ingest: IngestKind },
): { input: LiveInputRecord; streamKey: string } {
  const now = nowIso();
  const streamKey = newSecret(STREAM_KEY_PREFIX);
  const input: LiveInputRecord = {
    id: newId("li"),
    external_input_id: newId("lv"),
    org_id: orgId,
    name: fields.name,
    ingest: fields.ingest,
    stream_key_rotated_at: now,
    created_at: now,
    updated_at: now,
  };
  db.prepare(
    `INSERT INTO live_inputs (${COLUMNS}, stream_key_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    input.id,
    input.external_input_id,
    orgId,
    input.name,
    input.ingest,
    now,
    now,
    now,
    hashSecret(streamKey),
  );
  return { input, streamKey };
}

/** The input `id` (li_… or lv_…) of `orgId`. */
export function getLiveInput(
  db: DatabaseSync,
  orgId: string,
  id: string,
): LiveInputRecord | undefined {
  return db
    .prepare(
      `SELECT ${COLUMNS} FROM live_inputs WHERE org_id = ? AND (id = ? OR external_input_id = ?)`,
    )
    .get(orgId, id, id) as LiveInputRecord | undefined;
}

/** The input addressed by its external id, whatever its org (the relay's view). */
export function inputByExternalId(
  db: DatabaseSync,
  externalInputId: string,
): LiveInputRecord | undefined {
  return db
    .prepare(`SELECT ${COLUMNS} FROM live_inputs WHERE external_input_id = ?`)
    .get(externalInputId) as LiveInputRecord | undefined;
}

/** Whether `streamKey` is the input's current key. */
export function streamKeyMatches(db: DatabaseSync, inputId: string, streamKey: string): boolean {
  const row = db.prepare("SELECT stream_key_hash FROM live_inputs WHERE id = ?").get(inputId) as
    | { stream_key_hash: string }
    | undefined;
  return row !== undefined && secretMatches(streamKey, row.stream_key_hash);
}

/** Every input of `orgId`, newest first. */
export function listLiveInputs(db: DatabaseSync, orgId: string): LiveInputRecord[] {
  return db
    .prepare(`SELECT ${COLUMNS} FROM live_inputs WHERE org_id = ? ORDER BY created_at DESC, id`)
    .all(orgId) as unknown as LiveInputRecord[];
}

/** Renames an input; undefined when it does not exist. */
export function updateLiveInput(
  db: DatabaseSync,
  orgId: string,
  id: string,
  fields: { name?: string | undefined },
): LiveInputRecord | undefined {
  const input = getLiveInput(db, orgId, id);
  if (input === undefined) return undefined;
  db.prepare("UPDATE live_inputs SET name = ?, updated_at = ? WHERE id = ?").run(
    fields.name ?? input.name,
    nowIso(),
    input.id,
  );
  return getLiveInput(db, orgId, input.id);
}

/** Deletes an input; false when it did not exist. */
export function deleteLiveInput(db: DatabaseSync, orgId: string, id: string): boolean {
  const r = db
    .prepare("DELETE FROM live_inputs WHERE org_id = ? AND (id = ? OR external_input_id = ?)")
    .run(orgId, id, id);
  return Number(r.changes) > 0;
}

/** Replaces the stream key; the old one stops working at once. */
export function rotateStreamKey(
  db: DatabaseSync,
  orgId: string,
  id: string,
): { input: LiveInputRecord; streamKey: string } | undefined {
  const input = getLiveInput(db, orgId, id);
  if (input === undefined) return undefined;
  const streamKey = newSecret(STREAM_KEY_PREFIX);
  const now = nowIso();
  db.prepare(
    "UPDATE live_inputs SET stream_key_hash = ?, stream_key_rotated_at = ?, updated_at = ? WHERE id = ?",
  ).run(hashSecret(streamKey), now, now, input.id);
  return { input: getLiveInput(db, orgId, input.id)!, streamKey };
}
