// Engine tests: a real engine on a temporary SQLite file, called over its real
// HTTP handler (the tRPC wire format), no listener needed.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Engine } from "../engine.ts";
import { createOrg, type DevCredentials } from "../orgs/bootstrap.ts";

/** Every byte the engine stored (database, WAL, side files) as latin1 text, to search for secrets. */
export function storedText(dataDir: string): string {
  return readdirSync(dataDir)
    .map((f) => readFileSync(join(dataDir, f)).toString("latin1"))
    .join("\n");
}

/** A tRPC answer: `{ result: { data } }` or `{ error: { message, code, data } }`. */
export interface Answer {
  readonly status: number;
  readonly data?: unknown;
  readonly error?: {
    readonly message: string;
    readonly data: { code: string; reason: string; fields?: Record<string, string[]> };
  };
}

/** An engine on a fresh data directory, plus a second org. */
export class EngineHarness {
  private constructor(
    readonly dataDir: string,
    public engine: Engine,
    readonly other: DevCredentials,
  ) {}

  static async open(): Promise<EngineHarness> {
    const dataDir = await Deno.makeTempDir({ prefix: "clutchcall-engine-" });
    const engine = Engine.open({ dataDir });
    engine.setUrls({ relayOrigin: "https://127.0.0.1:4999", httpOrigin: "http://127.0.0.1:4999" });
    return new EngineHarness(dataDir, engine, createOrg(engine.db, "Other"));
  }

  get dev(): DevCredentials {
    return this.engine.credentials;
  }

  /** Calls `path` as a query (GET) or mutation (POST) with `apiKey` (default: the dev key). */
  async call(
    kind: "query" | "mutation",
    path: string,
    input?: unknown,
    apiKey: string | null = this.dev.apiKey,
  ): Promise<Answer> {
    const url = new URL(`http://127.0.0.1:4999/trpc/${path}`);
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (apiKey !== null) headers.authorization = `Bearer ${apiKey}`;
    let req: Request;
    if (kind === "query") {
      if (input !== undefined) url.searchParams.set("input", JSON.stringify(input));
      req = new Request(url, { headers });
    } else {
      req = new Request(url, {
        method: "POST",
        headers,
        body: input === undefined ? "" : JSON.stringify(input),
      });
    }
    const res = await this.engine.handle(req)!;
    const body = (await res.json()) as { result?: { data: unknown }; error?: Answer["error"] };
    return {
      status: res.status,
      ...(body.result !== undefined && { data: body.result.data }),
      ...(body.error !== undefined && { error: body.error }),
    };
  }

  /** `call` that must succeed; returns its data. */
  async ok<T>(
    kind: "query" | "mutation",
    path: string,
    input?: unknown,
    apiKey?: string,
  ): Promise<T> {
    const a = await this.call(kind, path, input, apiKey);
    if (a.error !== undefined) throw new Error(`${path} failed: ${a.error.message}`);
    return a.data as T;
  }

  /** Closes and opens the engine again on the same files. */
  reopen(): void {
    this.engine.close();
    this.engine = Engine.open({ dataDir: this.dataDir });
    this.engine.setUrls({
      relayOrigin: "https://127.0.0.1:4999",
      httpOrigin: "http://127.0.0.1:4999",
    });
  }

  async close(): Promise<void> {
    this.engine.close();
    await Deno.remove(this.dataDir, { recursive: true });
  }
}
