// The dev engine: the control plane living in the dev server's process, on its
// TCP port, with its SQLite store.
import type { DatabaseSync } from "node:sqlite";
import type { CorsOptions } from "../relay/http/cors.ts";
import { handleEngineHttp } from "./http.ts";
import { MIGRATIONS } from "./modules.ts";
import { type DevCredentials, devCredentials } from "./orgs/bootstrap.ts";
import { openDatabase, type StorageChoice } from "./store/database.ts";
import { migrate } from "./store/migrations.ts";
import type { EngineUrls } from "./trpc.ts";

/** A running engine. */
export class Engine {
  #urls: EngineUrls = { relayOrigin: "https://127.0.0.1", httpOrigin: "http://127.0.0.1" };

  private constructor(
    /** The engine's database (other modules' stores use it too). */
    readonly db: DatabaseSync,
    /** The development org and API key, printed on the ready line. */
    readonly credentials: DevCredentials,
  ) {}

  /** Opens the store, applies pending migrations and makes sure the development org exists. */
  static open(storage: StorageChoice): Engine {
    const db = openDatabase(storage);
    try {
      migrate(db, MIGRATIONS);
      const dataDir = storage.ephemeral === true ? undefined : storage.dataDir;
      return new Engine(db, devCredentials(db, dataDir));
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
    return handleEngineHttp(req, { db: this.db, urls: () => this.#urls, cors });
  }

  /** Closes the database. */
  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
