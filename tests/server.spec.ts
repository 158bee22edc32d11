import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { pageApi } from "./page-api.ts";
import type { ServerClientApi } from "./pages/server-client.ts";

/**
 * Chromium against the real dev server (server/main.ts) over native
 * WebTransport: SDK clients (connectTransport + MoqtSession, certificate pinned
 * through /certificate.sha256) publishing in one page and subscribing in
 * another, close detection, malformed input, @moq/net over WebTransport both
 * ways, and GOAWAY + exit on SIGTERM. Loopback only; every wait is bounded.
 */

interface ReadyLine {
  readonly relay: string;
  readonly ws: string;
  readonly http: string;
  readonly certificateSha256: string;
}

interface LogRecord {
  readonly event: string;
  readonly [field: string]: unknown;
}

/** The server child (the npm `deno` binary, so its PID is the server's) and its output. */
class DevServerProcess {
  readonly logs: LogRecord[] = [];
  readonly stdout: string[] = [];
  #out = "";
  #err = "";

  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (text: string) => {
      this.#out += text;
      for (let i = this.#out.indexOf("\n"); i >= 0; i = this.#out.indexOf("\n")) {
        this.stdout.push(this.#out.slice(0, i));
        this.#out = this.#out.slice(i + 1);
      }
    });
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (text: string) => {
      this.#err += text;
      for (let i = this.#err.indexOf("\n"); i >= 0; i = this.#err.indexOf("\n")) {
        const line = this.#err.slice(0, i);
        this.#err = this.#err.slice(i + 1);
        try {
          this.logs.push(JSON.parse(line) as LogRecord);
        } catch {
          // not a log record
        }
      }
    });
  }

  async ready(timeoutMs: number): Promise<ReadyLine> {
    await expect.poll(() => this.stdout.length, { timeout: timeoutMs }).toBeGreaterThan(0);
    return JSON.parse(this.stdout[0]!) as ReadyLine;
  }

  events(event: string): LogRecord[] {
    return this.logs.filter((r) => r.event === event);
  }

  /** SIGTERM by PID, then SIGKILL after 3 s; resolves with the exit code. */
  async stop(): Promise<number | null> {
    const pid = this.child.pid;
    if (pid === undefined || this.child.exitCode !== null || this.child.signalCode !== null) {
      return this.child.exitCode;
    }
    const exited = new Promise<number | null>((r) => this.child.once("exit", (code) => r(code)));
    process.kill(pid, "SIGTERM");
    const timer = setTimeout(() => {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, 3_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }
}

let server: DevServerProcess;
let ready: ReadyLine;
let context: BrowserContext;
let publisher: Page;
let subscriber: Page;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const deno = resolve("node_modules/.bin/deno");
  const child = spawn(
    deno,
    [
      "run",
      "-A",
      "--unstable-net",
      "server/main.ts",
      "--port",
      "0",
      "--no-auth",
      "--log-level",
      "debug",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  server = new DevServerProcess(child);
  ready = await server.ready(30_000);
  context = await browser.newContext();
  publisher = await openClientPage(context);
  subscriber = await openClientPage(context);
});

test.afterAll(async () => {
  await context?.close();
  await server?.stop();
});

/** Opens the client page and waits for its module (Vite may reload once while optimizing deps). */
async function openClientPage(ctx: BrowserContext): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto("/tests/pages/server-client.html");
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(
    () => (window as unknown as { moqReady?: boolean }).moqReady === true,
    null,
    {
      timeout: 30_000,
    },
  );
  return page;
}

const call = pageApi<ServerClientApi>("moq");

const want = (alias: number, groups: number[], count: number) =>
  groups
    .flatMap((g) => Array.from({ length: count }, (_, o) => `${alias} ${g}:${o}=g${g}o${o}`))
    .sort();

test("SDK over native WebTransport: publish in one page, subscribe in another (draft-16 and draft-14)", async () => {
  const pub = await call(publisher, "connect", "pub", ready.relay, 16);
  expect(pub).toEqual({ kind: "webtransport", protocol: "moqt-16", draft: 16 });
  await call(publisher, "publish", "pub", "chromium/cam", "video");
  const s16 = await call(subscriber, "connect", "s16", ready.relay, 16);
  const s14 = await call(subscriber, "connect", "s14", ready.relay, 14);
  expect([s16.protocol, s14.protocol, s14.draft]).toEqual(["moqt-16", "moq-00", 14]);
  const a16 = await call(subscriber, "subscribe", "s16", "chromium/cam", "video");
  const a14 = await call(subscriber, "subscribe", "s14", "chromium/cam", "video");
  await call(publisher, "sendGroup", "pub", 0, 3);
  await call(publisher, "sendGroup", "pub", 1, 3);
  await expect
    .poll(async () => (await call(subscriber, "state", "s16")).seen, { timeout: 5_000 })
    .toEqual(want(a16, [0, 1], 3));
  await expect
    .poll(async () => (await call(subscriber, "state", "s14")).seen, { timeout: 5_000 })
    .toEqual(want(a14, [0, 1], 3));
  const kinds = server.events("session.transport").map((r) => [r.transport, r.protocol]);
  expect(kinds).toEqual([
    ["webtransport", "moqt-16"],
    ["webtransport", "moqt-16"],
    ["webtransport", "moq-00"],
  ]);
});

test("a browser closing its session is seen by the server at once, with its code", async () => {
  const before = server.events("session.closed").length;
  const t0 = Date.now();
  await call(subscriber, "close", "s14");
  await expect
    .poll(() => server.events("session.closed").length, { timeout: 2_000 })
    .toBe(before + 1);
  const closed = server.events("session.closed").at(-1)!;
  expect([closed.code, closed.remote]).toEqual([0, true]);
  expect(Date.now() - t0).toBeLessThan(1_000);
});

test("malformed bytes from Chromium end only that session, with PROTOCOL_VIOLATION", async () => {
  const page = await openClientPage(context);
  let crashed = false;
  page.on("crash", () => (crashed = true));
  for (const fin of [false, true]) {
    const id = `bad-${fin}`;
    await call(page, "connect", id, ready.relay, 16);
    await call(page, "garbage", id, fin);
    await expect
      .poll(async () => (await call(page, "state", id)).closeCode, { timeout: 5_000 })
      .toBe(3);
  }
  expect(crashed).toBe(false);
  await page.close();
  await call(publisher, "sendGroup", "pub", 2, 3);
  await expect
    .poll(async () => (await call(subscriber, "state", "s16")).seen.length, { timeout: 5_000 })
    .toBe(9);
  expect((await call(subscriber, "state", "s16")).closeCode).toBeUndefined();
});

test("@moq/net in Chromium over native WebTransport: both directions through the relay", async () => {
  const page = await openClientPage(context);
  const conn = await call(page, "netConnect", "net", `${ready.http}/moq`);
  expect(conn).toEqual({ version: "moq-transport-16", transport: "webtransport" });
  expect(server.events("session.transport").at(-1)).toMatchObject({
    transport: "webtransport",
    protocol: "moqt-16",
  });
  // @moq/net publishes; an SDK page subscribes.
  await call(page, "netPublish", "net", "net/browser", "chat");
  await expect
    .poll(() => server.events("namespace.published").some((r) => r.namespace === "net/browser"), {
      timeout: 5_000,
    })
    .toBe(true);
  const alias = await call(subscriber, "subscribe", "s16", "net/browser", "chat");
  await call(page, "netWriteGroup", "net", ["hello", "from moq-dev"]);
  await expect
    .poll(
      async () =>
        (await call(subscriber, "state", "s16")).seen.filter((s) => s.startsWith(`${alias} `)),
      { timeout: 5_000 },
    )
    .toEqual([`${alias} 0:0=hello`, `${alias} 0:1=from moq-dev`]);
  // The SDK publishes; @moq/net subscribes.
  await call(publisher, "connect", "pub2", ready.relay, 16);
  await call(publisher, "publish", "pub2", "chromium/for-net", "video");
  await call(page, "netSubscribe", "net", "chromium/for-net", "video");
  await expect
    .poll(
      () => server.events("subscription.started").some((r) => r.track === "chromium/for-net:video"),
      { timeout: 5_000 },
    )
    .toBe(true);
  await call(publisher, "sendGroup", "pub2", 0, 2);
  await call(publisher, "sendGroup", "pub2", 1, 1);
  await expect
    .poll(() => call(page, "netSeen", "net"), { timeout: 5_000 })
    .toEqual(["0:g0o0", "0:g0o1", "1:g1o0"]);
  await call(page, "netClose", "net");
  await page.close();
});

test("SIGTERM: browsers get GOAWAY, then their sessions close; the server exits 0 within 2 s", async () => {
  const t0 = Date.now();
  const code = await server.stop();
  expect(code).toBe(0);
  expect(Date.now() - t0).toBeLessThan(2_000);
  for (const [page, id] of [
    [publisher, "pub"],
    [subscriber, "s16"],
  ] as const) {
    await expect
      .poll(
        async () => {
          const s = await call(page, "state", id);
          return [s.goAway, s.closeCode];
        },
        { timeout: 3_000 },
      )
      .toEqual([true, 0]);
  }
});
