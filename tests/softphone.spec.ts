import { type ChildProcess, spawn } from "node:child_process";
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { CHROMIUM_ARGS } from "../playwright.config.ts";
import { pageApi } from "./page-api.ts";
import {
  type DevServerChild,
  freePort,
  type ReadyLine,
  startDevServer,
} from "./pages/client-dev-server.ts";
import type { SoftphoneHarnessApi } from "./pages/softphone-harness.ts";
import type { ToneSegment } from "./pages/tones.ts";
import { TONES_HZ, tonesWav } from "./softphone-fixtures.ts";

/**
 * The browser softphone in Chromium with a fake microphone playing a looping
 * tone sequence: captureMicrophone → uplink → relay → a Node echo agent →
 * downlink → OpusPlayer, checked by a playback tap that must hear every tone
 * in order. Also: the postMessage ring without cross-origin isolation, G.711
 * through the WASM core, mute, underrun silence, a relay restart mid-call,
 * and the typed error when the shared ring cannot be shared.
 */

test.describe.configure({ mode: "serial" });
test.use({
  launchOptions: {
    executablePath: "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS, `--use-file-for-fake-audio-capture=${tonesWav()}`],
  },
});

const call = pageApi<SoftphoneHarnessApi>("cc");
let relay: { server: DevServerChild; ready: ReadyLine };
let context: BrowserContext;

test.beforeAll(async ({ browser }) => {
  relay = await startDevServer({ port: await freePort() });
  context = await browser.newContext();
});

test.afterAll(async () => {
  await context?.close();
  await relay?.server.stop();
});

/** The Node echo agent (tests/pages/softphone-echo.ts). */
class EchoAgent {
  readonly lines: { event: string; [k: string]: unknown }[] = [];
  readonly exited: Promise<unknown>;
  #out = "";

  constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((r) => child.once("exit", r));
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (text: string) => {
      this.#out += text;
      for (let i = this.#out.indexOf("\n"); i >= 0; i = this.#out.indexOf("\n")) {
        this.lines.push(JSON.parse(this.#out.slice(0, i)));
        this.#out = this.#out.slice(i + 1);
      }
    });
    child.stderr?.resume();
  }

  static start(ns: string, codec = "opus"): EchoAgent {
    const args = ["--experimental-websocket", "--import", "tsx", "tests/pages/softphone-echo.ts"];
    const child = spawn(process.execPath, [...args, `${relay.ready.http}/moq`, ns, codec, "20"], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, NODE_NO_WARNINGS: "1" },
    });
    return new EchoAgent(child);
  }

  async stop(): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined || this.child.exitCode !== null || this.child.signalCode !== null) return;
    process.kill(pid, "SIGTERM");
    const timer = setTimeout(() => {
      if (this.child.exitCode === null && this.child.signalCode === null)
        process.kill(pid, "SIGKILL");
    }, 3_000);
    await this.exited;
    clearTimeout(timer);
  }
}

async function openHarness(query = ""): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`/tests/pages/softphone.html${query}`);
  await page.waitForFunction(
    () => (window as unknown as { ccReady?: boolean }).ccReady === true,
    null,
    {
      timeout: 30_000,
    },
  );
  return page;
}

/**
 * Tones after the first (possibly partial) one, as indexes into TONES_HZ. A
 * tone split by an underrun's silence is one tone; the same tone a whole cycle
 * later (a lost cycle) is not.
 */
function heard(segments: ToneSegment[]): number[] {
  const tones: number[] = [];
  let last: ToneSegment | undefined;
  for (const s of segments.slice(1)) {
    if (last === undefined || s.tone !== last.tone || s.startMs - last.endMs > 1_000) {
      tones.push(s.tone);
    }
    last = s;
  }
  return tones;
}

/** Records `ms` of playback, then expects every tone in cyclic order and at least `cycles` cycles. */
async function expectTonesInOrder(page: Page, ms: number, cycles = 1): Promise<void> {
  const before = await call(page, "stats");
  await call(page, "clearTap");
  await page.waitForTimeout(ms);
  const segments = await call(page, "tones");
  console.log("before", JSON.stringify(before), "after", JSON.stringify(await call(page, "stats")));
  const tones = heard(segments);
  const n = TONES_HZ.length;
  expect(tones.length, JSON.stringify(segments)).toBeGreaterThanOrEqual(cycles * n);
  for (let i = 1; i < tones.length; i++) {
    expect((tones[i - 1]! + 1) % n, `tone ${i} of ${JSON.stringify(segments)}`).toBe(tones[i]);
  }
}

async function withCall(
  query: string,
  ns: string,
  options: { codec?: "opus" | "ulaw"; transport?: "auto" | "shared" | "message" },
  body: (page: Page, agent: EchoAgent) => Promise<void>,
): Promise<void> {
  const agent = EchoAgent.start(ns, options.codec);
  const page = await openHarness(query);
  try {
    const started = await call(page, "start", {
      relay: relay.ready.relay,
      ns,
      tonesHz: TONES_HZ,
      ...options,
    });
    expect(started).toBe("started");
    await expect
      .poll(() => call(page, "stats").then((s) => s.playedMs), { timeout: 15_000 })
      .toBeGreaterThan(0);
    // Settling: the jitter target finds its level and the relay's late-join burst is
    // dropped. Settled = a second with no underrun, drop or late frame (at most 10 s).
    for (let i = 0; i < 10; i++) {
      const a = await call(page, "stats");
      await page.waitForTimeout(1_000);
      const b = await call(page, "stats");
      if (a.underruns === b.underruns && a.droppedMs === b.droppedMs && a.lateDrops === b.lateDrops)
        break;
    }
    await body(page, agent);
  } finally {
    await call(page, "stop").catch(() => undefined);
    await page.close();
    await agent.stop();
  }
}

test("a call through a Node echo agent plays every tone in order (SharedArrayBuffer ring)", async () => {
  await withCall("", "voice/sp-shared", {}, async (page) => {
    expect(await call(page, "crossOriginIsolated")).toBe(true);
    await expectTonesInOrder(page, 4_000, 2);
    const s = await call(page, "stats");
    expect(s.transport).toBe("shared");
    expect(s.framesDecoded).toBeGreaterThan(100);
    await expect.poll(() => call(page, "level"), { timeout: 5_000 }).toBeGreaterThan(0.05);
    console.log("shared ring stats", JSON.stringify(s));
  });
});

test("without cross-origin isolation the ring is fed by postMessage and plays the same", async () => {
  await withCall("?isolation=off", "voice/sp-message", {}, async (page) => {
    expect(await call(page, "crossOriginIsolated")).toBe(false);
    await expectTonesInOrder(page, 3_000, 1);
    expect((await call(page, "stats")).transport).toBe("message");
  });
});

test("G.711 µ-law both ways through the WASM core: every tone in order", async () => {
  await withCall("", "voice/sp-ulaw", { codec: "ulaw" }, async (page) => {
    await expectTonesInOrder(page, 3_000, 1);
  });
});

test("mute sends no audio objects; the player underruns into exact silence; unmute resumes", async () => {
  await withCall("", "voice/sp-mute", {}, async (page) => {
    await expect.poll(() => call(page, "uplinkObjects"), { timeout: 10_000 }).toBeGreaterThan(20);
    await call(page, "mute");
    await page.waitForTimeout(300); // in flight
    const objects = await call(page, "uplinkObjects");
    const sent = await call(page, "framesSent");
    await page.waitForTimeout(1_000);
    expect(await call(page, "uplinkObjects")).toBe(objects);
    expect(await call(page, "framesSent")).toBe(sent);
    // The downlink dried up: the player's output is exactly zero, not stale audio.
    const tail = await call(page, "tail", 700);
    expect(tail.samples).toBeGreaterThan(30_000);
    expect(tail.nonZero).toBe(0);
    const s = await call(page, "stats");
    expect(s.underruns).toBeGreaterThanOrEqual(1);
    expect(s.concealedMs).toBeGreaterThan(700);
    await call(page, "unmute");
    await expect
      .poll(() => call(page, "uplinkObjects"), { timeout: 5_000 })
      .toBeGreaterThan(objects + 20);
    await expectTonesInOrder(page, 2_500, 1);
  });
});

test("relay restart mid-call: the call recovers and plays every tone in order", async () => {
  test.setTimeout(90_000);
  const port = await freePort();
  const own = await startDevServer({ port });
  const saved = relay;
  relay = own;
  try {
    await withCall("", "voice/sp-restart", {}, async (page) => {
      await expectTonesInOrder(page, 2_500, 1);
      await relay.server.kill();
      await expect
        .poll(() => call(page, "clientStates"), { timeout: 20_000 })
        .toContain("Reconnecting");
      relay = await startDevServer({ port });
      await expect
        .poll(() => call(page, "clientStates"), { timeout: 30_000 })
        .toEqual(["Connected", "Connected"]);
      const before = (await call(page, "stats")).framesDecoded;
      await expect
        .poll(async () => (await call(page, "stats")).framesDecoded, { timeout: 20_000 })
        .toBeGreaterThan(before + 50);
      await expectTonesInOrder(page, 3_000, 1);
    });
  } finally {
    await relay.server.stop();
    relay = saved;
  }
});

test("a shared ring on a page that is not cross-origin isolated is a typed error", async () => {
  const page = await openHarness("?isolation=off");
  try {
    const code = await call(page, "start", {
      relay: relay.ready.relay,
      ns: "voice/sp-refused",
      tonesHz: TONES_HZ,
      transport: "shared",
    });
    expect(code).toBe("SOFTPHONE_CROSS_ORIGIN_ISOLATION");
  } finally {
    await page.close();
  }
});

test("the softphone demo calls, shows the level and the jitter buffer, and hangs up", async () => {
  const page = await context.newPage();
  try {
    await page.goto(`/demos/softphone/?relay=${encodeURIComponent(relay.ready.relay)}`);
    await expect(page.locator("#isolated")).toHaveText("yes");
    await page.click("#call");
    await expect(page.locator("#status")).toHaveText("in_progress", { timeout: 20_000 });
    await expect(page.locator("#transport")).toHaveText("shared", { timeout: 10_000 });
    await expect
      .poll(async () => Number(await page.locator("#framesSent").textContent()), {
        timeout: 10_000,
      })
      .toBeGreaterThan(50);
    await expect
      .poll(() => page.locator("#level").evaluate((m) => (m as HTMLMeterElement).value), {
        timeout: 5_000,
      })
      .toBeGreaterThan(0);
    await expect(page.locator("#bufferMs")).toHaveText(/^\d+ ms$/);
    await page.click("#hangup");
    await expect(page.locator("#status")).toHaveText("completed");
  } finally {
    await page.close();
  }
});
