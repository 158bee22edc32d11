/// <reference path="../store/node-sqlite.d.ts" />
// The VOD pipeline's view of the engine's `assets` table.
import type { DatabaseSync } from "node:sqlite";
import { nowIso } from "../ids.ts";
import type { AssetRecords, AssetStatusChange, VodAsset } from "./assets.ts";

const SELECT = "SELECT id, org_id AS orgId, playback_id AS playbackId, status FROM assets";

/** Asset records in the engine's SQLite database. */
export class SqliteAssetRecords implements AssetRecords {
  constructor(private readonly db: DatabaseSync) {}

  byId(assetId: string): VodAsset | undefined {
    return this.db.prepare(`${SELECT} WHERE id = ?`).get(assetId) as VodAsset | undefined;
  }

  byPlaybackId(playbackId: string): VodAsset | undefined {
    return this.db.prepare(`${SELECT} WHERE playback_id = ?`).get(playbackId) as
      | VodAsset
      | undefined;
  }

  setStatus(assetId: string, change: AssetStatusChange): void {
    const c = change as Partial<{
      bytes: number;
      durationS: number;
      reason: string;
      message: string;
    }>;
    this.db
      .prepare(
        `UPDATE assets SET status = ?, size_bytes = COALESCE(?, size_bytes),
         duration_seconds = COALESCE(?, duration_seconds), failure_reason = ?,
         failure_message = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        change.status,
        c.bytes ?? null,
        c.durationS ?? null,
        c.reason ?? null,
        c.message ?? null,
        nowIso(),
        assetId,
      );
  }
}
