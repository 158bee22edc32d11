// VOD assets (`as_…`, playback id `pb_…`): the records behind `createUpload`.
// The upload endpoint and the packaging fill in the status and sizes.
import type { DatabaseSync } from "node:sqlite";
import { newId, nowIso } from "../ids.ts";

/** Where an asset is in its life. */
export const ASSET_STATUSES = [
  "waiting_upload",
  "uploading",
  "processing",
  "ready",
  "failed",
] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** The path of an asset's resumable upload on the engine's HTTP origin. */
export function uploadPath(assetId: string): string {
  return `/uploads/${assetId}`;
}

/** An asset as the API returns it. */
export interface AssetRecord {
  readonly id: string;
  readonly org_id: string;
  readonly name: string;
  readonly playback_id: string;
  readonly status: AssetStatus;
  readonly size_bytes: number | null;
  readonly duration_seconds: number | null;
  /** Why packaging failed (`not_a_video`, `unsupported_codec`, `corrupt`, `packaging_failed`). */
  readonly failure_reason: string | null;
  readonly failure_message: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

const COLUMNS =
  "id, org_id, name, playback_id, status, size_bytes, duration_seconds, failure_reason, failure_message, created_at, updated_at";

/** Creates an asset waiting for its upload. */
export function insertAsset(db: DatabaseSync, orgId: string, name: string): AssetRecord {
  const now = nowIso();
  const asset: AssetRecord = {
    id: newId("as"),
    org_id: orgId,
    name,
    playback_id: newId("pb"),
    status: "waiting_upload",
    size_bytes: null,
    duration_seconds: null,
    failure_reason: null,
    failure_message: null,
    created_at: now,
    updated_at: now,
  };
  db.prepare(`INSERT INTO assets (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    asset.id,
    orgId,
    name,
    asset.playback_id,
    asset.status,
    null,
    null,
    null,
    null,
    now,
    now,
  );
  return asset;
}

/** The asset `id` (as_… or pb_…) of `orgId`. */
export function getAsset(db: DatabaseSync, orgId: string, id: string): AssetRecord | undefined {
  return db
    .prepare(`SELECT ${COLUMNS} FROM assets WHERE org_id = ? AND (id = ? OR playback_id = ?)`)
    .get(orgId, id, id) as AssetRecord | undefined;
}

/** Every asset of `orgId`, newest first. */
export function listAssets(db: DatabaseSync, orgId: string): AssetRecord[] {
  return db
    .prepare(`SELECT ${COLUMNS} FROM assets WHERE org_id = ? ORDER BY created_at DESC, id`)
    .all(orgId) as unknown as AssetRecord[];
}

/** Deletes an asset record; false when it did not exist. */
export function deleteAsset(db: DatabaseSync, orgId: string, id: string): boolean {
  const r = db
    .prepare("DELETE FROM assets WHERE org_id = ? AND (id = ? OR playback_id = ?)")
    .run(orgId, id, id);
  return Number(r.changes) > 0;
}
