/// <reference path="../../store/node-sqlite.d.ts" />
// A VodService behind a real HTTP listener on a free loopback port, for tests.

import { uploadPath } from "../../streams/asset-store.ts";
import { AssetStatus, type VodAsset } from "../assets.ts";
import { VodService, type VodServiceOptions } from "../service.ts";
import { MemoryAssetRecords } from "./memory-records.ts";

export class VodHarness {
  readonly records = new MemoryAssetRecords();
  readonly service: VodService;
  readonly dataDir: string;
  readonly #server: Deno.HttpServer<Deno.NetAddr>;

  private constructor(dataDir: string, options: Partial<VodServiceOptions>) {
    this.dataDir = dataDir;
    this.service = new VodService({ dataDir, records: this.records, ...options });
    this.#server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
      const cors = { "access-control-allow-origin": "*" };
      return this.service.handle(req, cors) ?? new Response("not found", { status: 404 });
    });
  }

  static async start(options: Partial<VodServiceOptions> = {}): Promise<VodHarness> {
    return new VodHarness(await Deno.makeTempDir({ prefix: "clutchcall-vod-" }), options);
  }

  get origin(): string {
    return `http://127.0.0.1:${this.#server.addr.port}`;
  }

  /** A fresh asset and its upload URL, as `createUpload` returns them. */
  createUpload(): { asset: VodAsset; uploadUrl: string } {
    const asset = this.records.create();
    return { asset, uploadUrl: `${this.origin}${uploadPath(asset.id)}` };
  }

  status(assetId: string): string | undefined {
    return this.records.byId(assetId)?.status;
  }

  /** Waits for packaging to finish and returns the asset's last status change. */
  async packaged(assetId: string) {
    await this.service.idle();
    const last = this.records.changes.filter((c) => c.assetId === assetId).at(-1)?.change;
    if (last === undefined || last.status === AssetStatus.Processing) {
      throw new Error(`asset ${assetId} was never packaged`);
    }
    return last;
  }

  async close(): Promise<void> {
    await this.service.idle();
    await this.#server.shutdown();
    await Deno.remove(this.dataDir, { recursive: true });
  }
}
