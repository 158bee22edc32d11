// The dev engine: the control plane living in the dev server's process, on its
// TCP port, with its SQLite store.
import type { DatabaseSync } from "node:sqlite";
import type { Relay, RelayLogger } from "../relay/core/mod.ts";
import { type CorsOptions, corsHeaders } from "../relay/http/cors.ts";
import { HlsService } from "./hls/hls-service.ts";
import { handleEngineHttp } from "./http.ts";
import type { IngestOptions } from "./ingest/live-ingests.ts";
import { RtmpIngest } from "./ingest/rtmp-ingest.ts";
import { SrtIngest } from "./ingest/srt-ingest.ts";
import { MIGRATIONS } from "./modules.ts";
import { type DevCredentials, devCredentials } from "./orgs/bootstrap.ts";
import { StreamResolver } from "./resolver/stream-resolver.ts";
import { openDatabase, type StorageChoice } from "./store/database.ts";
import { migrate } from "./store/migrations.ts";
import type { EngineUrls, IngestUrls } from "./trpc.ts";
import { VodService } from "./vod/service.ts";
import { SqliteAssetRecords } from "./vod/sqlite-records.ts";

/** A running engine. */
export class Engine {
  #urls: EngineUrls = { relayOrigin: "https://127.0.0.1", httpOrigin: "http://127.0.0.1" };
  #rtmp: RtmpIngest | undefined;
  #srt: SrtIngest | undefined;
  #ingestUrls: IngestUrls = { rtmp: null, srt: null };
  /** LL-HLS of the live broadcasts the relay carries. */
  readonly hls: HlsService;

  private constructor(
    /** The engine's database (other modules' stores use it too). */
    readonly db: DatabaseSync,
    /** The development org and API key, printed on the ready line. */
    readonly credentials: DevCredentials,
    /** Uploads and packaging of VOD assets, their files under `vodDir`. */
    readonly vod: VodService,
    private readonly ephemeralVodDir: string | undefined,
  ) {
    this.hls = new HlsService(db);
  }

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

  /** The relay whose broadcasts LL-HLS serves and ingest publishes to. */
  attachRelay(relay: Relay): void {
    this.hls.attachRelay(relay);
  }

  /** Starts RTMP ingest into `relay`; throws when the port cannot be bound. */
  startRtmp(options: Omit<IngestOptions, "db">): RtmpIngest {
    this.#rtmp = RtmpIngest.listen({ ...options, db: this.db });
    return this.#rtmp;
  }

  /** Starts SRT ingest into `relay`; throws when the port cannot be bound. */
  startSrt(options: Omit<IngestOptions, "db">): SrtIngest {
    this.#srt = SrtIngest.listen({ ...options, db: this.db });
    return this.#srt;
  }

  /** Sets the ingest base URLs live inputs show (known once ingest listens). */
  setIngestUrls(urls: IngestUrls): void {
    this.#ingestUrls = urls;
  }

  get urls(): EngineUrls {
    return this.#urls;
  }

  /** The relay's stream resolver (`/publish/<lv>?sk=`, `/playback/<lv>?tok=`) on this store. */
  streamResolver(logger: RelayLogger): StreamResolver {
    return new StreamResolver(this.db, logger);
  }

  /** The engine's answer to an HTTP request, or undefined when the path is not its. */
  handle(req: Request, cors: CorsOptions = {}): Promise<Response> | undefined {
    const headers = corsHeaders(cors);
    return (
      this.vod.handle(req, headers) ??
      this.hls.handle(req, headers) ??
      handleEngineHttp(req, {
        db: this.db,
        urls: () => ({ ...this.#urls, ingest: this.#ingestUrls }),
        cors,
      })
    );
  }

  /** Stops ingest and LL-HLS feeds, closes the database (and removes an ephemeral engine's VOD files). */
  close(): void {
    void this.#rtmp?.close();
    void this.#srt?.close();
    void this.hls.close();
    if (this.db.isOpen) this.db.close();
    if (this.ephemeralVodDir !== undefined) {
      Deno.removeSync(this.ephemeralVodDir, { recursive: true });
    }
  }
}
