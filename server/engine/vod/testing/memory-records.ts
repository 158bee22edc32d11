// An in-memory asset table for VOD tests, recording every status change.
import {
  type AssetRecords,
  AssetStatus,
  type AssetStatusChange,
  type VodAsset,
} from "../assets.ts";

export class MemoryAssetRecords implements AssetRecords {
  readonly #assets = new Map<string, VodAsset>();
  readonly changes: { assetId: string; change: AssetStatusChange }[] = [];
  #n = 0;

  /** A new asset in status uploading. */
  create(orgId = "org_test"): VodAsset {
    this.#n++;
    const suffix = `${Date.now().toString(36)}${this.#n}`;
    const asset = {
      id: `as_${suffix}`,
      orgId,
      playbackId: `pb_${suffix}`,
      status: AssetStatus.Uploading,
    };
    this.#assets.set(asset.id, asset);
    return asset;
  }

  byId(assetId: string): VodAsset | undefined {
    return this.#assets.get(assetId);
  }

  byPlaybackId(playbackId: string): VodAsset | undefined {
    return [...this.#assets.values()].find((a) => a.playbackId === playbackId);
  }

  setStatus(assetId: string, change: AssetStatusChange): void {
    const asset = this.#assets.get(assetId);
    if (asset === undefined) throw new Error(`no asset ${assetId}`);
    this.#assets.set(assetId, { ...asset, status: change.status });
    this.changes.push({ assetId, change });
  }
}
