// The dev engine: the control plane living in the dev server's process, on its
// TCP port, with its SQLite store.
import type { DatabaseSync } from "node:sqlite";
import { type CorsOptions, corsHeaders } from "../relay/http/cors.ts";
import { handleEngineHttp } from "./http.ts";
import { MIGRATIONS } from "./modules.ts";
import { type DevCredentials, devCredentials } from "./orgs/bootstrap.ts";
import { openDatabase, type StorageChoice } from "./store/database.ts";
import { migrate } from "./store/migrations.ts";
import type { EngineUrls } from "./trpc.ts";
import { VodService } from "./vod/service.ts";
import { SqliteAssetRecords } from "./vod/sqlite-records.ts";

/** A running engine. */
export class Engine {
  #urls: EngineUrls = { relayOrigin: "https://127.0.0.1", httpOrigin: "http://127.0.0.1" };

  private constructor(
    /** The engine's database (other modules' stores use it too). */
    readonly db: DatabaseSync,
    /** The development org and API key, printed on the ready line. */
    readonly credentials: DevCredentials,
    /** Uploads and packaging of VOD assets, their files under `vodDir`. */
    readonly vod: VodService,
    private readonly ephemeralVodDir: string | undefined,
  ) {}

  /** Opens the store, applies pending migrations and makes sure the development org exists. */
  static open(storage: StorageChoice): Engine {
    const db = openDatabase(storage);
    try {
      migrate(db, MIGRATIONS);
      const dataDir = storage.ephemeral === true ? undefined : storage.dataDir;
      const vodDir =
        dataDir === undefined
          ? Deno.makeTempDirSync({ prefix: "clutchcall-vod-" })
          : `${dataDir}/vod`;
      const vod = new VodService({ dataDir: vodDir, records: new SqliteAssetRecords(db) });
      const engine = new Engine(
        db,
        devCredentials(db, dataDir),
        vod,
        dataDir === undefined ? vodDir : undefined,
      );
      void vod.resume();
      return engine;
    } catch (e) {
      db.close();
      throw e;
    }
  }

  /** Sets the origins URLs are built from (known once the server listens). */
  setUrls(urls: EngineUrls): void {
    this.#urls = urls;
  }

  get urls(): EngineUrls {
    return this.#urls;
  }

  /** The engine's answer to an HTTP request, or undefined when the path is not its. */
  handle(req: Request, cors: CorsOptions = {}): Promise<Response> | undefined {
    return (
      this.vod.handle(req, corsHeaders(cors)) ??
      handleEngineHttp(req, { db: this.db, urls: () => this.#urls, cors })
    );
  }

  /** Closes the database (and removes an ephemeral engine's VOD files). */
  close(): void {
    if (this.db.isOpen) this.db.close();
    if (this.ephemeralVodDir !== undefined) {
      Deno.removeSync(this.ephemeralVodDir, { recursive: true });
    }
  }
}
