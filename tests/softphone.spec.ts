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
 * tone sequence, checked by a playback tap that must hear every tone in
 * order: calls to the PSTN simulator's echo and tone numbers through the
 * voice API (Opus on the shared ring, the postMessage ring without
 * cross-origin isolation, G.711 through the WASM core), and raw call tracks
 * through a Node echo agent for mute, underrun silence and a relay restart
 * mid-call; the typed error when the shared ring cannot be shared; the demo.
 */

/** The simulator's numbers (README "The local PSTN simulator"). */
const ECHO_NUMBER = "+15550100001";
const TONE_NUMBER = "+15550100002";

test.describe.configure({ mode: "serial" });
test.use({
  launchOptions: {
    executablePath: "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS, `--use-file-for-fake-audio-capture=${tonesWav()}`],
  },
});

const call = pageApi<SoftphoneHarnessApi>("cc");
let relay: { server: DevServerChild; ready: ReadyLine };
/** The relay's port: the restart test starts it again there. */
let relayPort: number;
let context: BrowserContext;

test.beforeAll(async ({ browser }) => {
  relayPort = await freePort();
  relay = await startDevServer({ port: relayPort });
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

  static start(ns: string): EchoAgent {
    const args = ["--experimental-websocket", "--import", "tsx", "tests/pages/softphone-echo.ts"];
    const child = spawn(process.execPath, [...args, `${relay.ready.http}/moq`, ns, "opus", "20"], {
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

/**
 * Records `ms` of playback, then expects every tone in cyclic order and at
 * least `cycles` cycles. A window in which the player dropped audio or ran
 * dry (a starved machine stalls the sender) is recorded again, at most
 * twice; a clean window must pass.
 */
async function expectTonesInOrder(page: Page, ms: number, cycles = 1): Promise<void> {
  const n = TONES_HZ.length;
  for (let attempt = 1; ; attempt++) {
    const before = await call(page, "stats");
    await call(page, "clearTap");
    await page.waitForTimeout(ms);
    const segments = await call(page, "tones");
    const after = await call(page, "stats");
    const tones = heard(segments);
    const inOrder = tones.every((t, i) => i === 0 || ((tones[i - 1] as number) + 1) % n === t);
    if (tones.length >= cycles * n && inOrder) return;
    const clean =
      after.droppedMs === before.droppedMs &&
      after.lateDrops === before.lateDrops &&
      after.underruns === before.underruns;
    if (clean || attempt === 3) {
      const why = `${JSON.stringify(segments)} (player ${JSON.stringify(before)} → ${JSON.stringify(after)})`;
      expect(tones.length, why).toBeGreaterThanOrEqual(cycles * n);
      expect(inOrder, why).toBe(true);
    }
  }
}

/**
 * Waits for audio, then for the relay's late-join burst to be behind: half a
 * second with no audio dropped and no late frame (at most 5 s).
 */
async function settle(page: Page): Promise<void> {
  await expect
    .poll(() => call(page, "stats").then((s) => s.playedMs), { timeout: 15_000 })
    .toBeGreaterThan(0);
  for (let i = 0; i < 10; i++) {
    const a = await call(page, "stats");
    await page.waitForTimeout(500);
    const b = await call(page, "stats");
    if (a.droppedMs === b.droppedMs && a.lateDrops === b.lateDrops) break;
  }
}

/** A call on raw tracks `<ns>/uplink` → the Node echo agent → `<ns>/downlink`. */
async function withEchoAgent(
  ns: string,
  body: (page: Page, agent: EchoAgent) => Promise<void>,
): Promise<void> {
  const agent = EchoAgent.start(ns);
  const page = await openHarness();
  try {
    expect(await call(page, "start", { relay: relay.ready.relay, ns, tonesHz: TONES_HZ })).toBe(
      "started",
    );
    await settle(page);
    await body(page, agent);
  } finally {
    await call(page, "stop").catch(() => undefined);
    await page.close();
    await agent.stop();
  }
}

/** A call to a simulator number through the voice API (`voice.calls.originate` + `call.attach`). */
async function withDialledCall(
  to: string,
  options: { query?: string; codec?: "opus" | "ulaw"; tonesHz?: readonly number[] },
  body: (page: Page) => Promise<void>,
): Promise<void> {
  const page = await openHarness(options.query);
  try {
    const { relay: url, api, orgId, apiKey } = relay.ready;
    const sid = await call(page, "dial", {
      relay: url,
      api,
      orgId,
      apiKey,
      to,
      tonesHz: options.tonesHz ?? TONES_HZ,
      ...(options.codec !== undefined && { codec: options.codec }),
    });
    expect(sid).toMatch(/^CA/);
    await settle(page);
    await body(page);
  } finally {
    await call(page, "stop").catch(() => undefined);
    await page.close();
  }
}

test("a call through a Node echo agent plays every tone in order; mute sends no audio objects and the player underruns into exact silence", async () => {
  await withEchoAgent("voice/sp-shared", async (page) => {
    expect(await call(page, "crossOriginIsolated")).toBe(true);
    await expectTonesInOrder(page, 3_000, 1);
    const s = await call(page, "stats");
    expect(s.transport).toBe("shared");
    expect(s.framesDecoded).toBeGreaterThan(50);
    await expect.poll(() => call(page, "level"), { timeout: 5_000 }).toBeGreaterThan(0.05);

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
    const muted = await call(page, "stats");
    expect(muted.underruns).toBeGreaterThan(s.underruns);
    expect(muted.concealedMs).toBeGreaterThan(s.concealedMs + 700);
    await call(page, "unmute");
    await expect
      .poll(() => call(page, "uplinkObjects"), { timeout: 5_000 })
      .toBeGreaterThan(objects + 20);
  });
});

/**
 * Expects the tone number's cadence in `ms` of playback: 1 kHz bursts of
 * 500 ms, one a second. An underrun's silence splits a burst (the parts are
 * merged) and shifts what follows, so the concealed time widens the bounds.
 */
async function expectToneCadence(page: Page, ms: number): Promise<void> {
  const before = await call(page, "stats");
  await call(page, "clearTap");
  await page.waitForTimeout(ms);
  const after = await call(page, "stats");
  const segments = await call(page, "tones");
  const bursts: ToneSegment[] = [];
  for (const s of segments) {
    const last = bursts[bursts.length - 1];
    if (last !== undefined && s.startMs - last.endMs < 250) {
      bursts[bursts.length - 1] = { ...last, endMs: s.endMs };
    } else {
      bursts.push(s);
    }
  }
  const slackMs = 100 + after.concealedMs - before.concealedMs + after.droppedMs - before.droppedMs;
  const why = `${JSON.stringify(segments)}, slack ${slackMs} ms`;
  expect(bursts.length, why).toBeGreaterThanOrEqual(3);
  // The first burst may start and the last end outside the recording.
  for (const b of bursts.slice(1, -1)) {
    expect(Math.abs(b.endMs - b.startMs - 500), why).toBeLessThan(slackMs);
  }
  for (let i = 2; i < bursts.length; i++) {
    const period = bursts[i]!.startMs - bursts[i - 1]!.startMs;
    expect(Math.abs(period - 1_000), why).toBeLessThan(slackMs);
  }
}

test("the echo number, dialled through the voice API: every tone comes back in order (Opus, shared ring)", async () => {
  await withDialledCall(ECHO_NUMBER, {}, async (page) => {
    await expectTonesInOrder(page, 3_000, 1);
    expect((await call(page, "stats")).transport).toBe("shared");
  });
});

test("two calls at once: the tone number's cadence on the postMessage ring (a shared ring there is a typed error); the echo number in G.711 µ-law both ways through the WASM core", async () => {
  await Promise.all([
    withDialledCall(TONE_NUMBER, { query: "?isolation=off", tonesHz: [1_000] }, async (page) => {
      expect(await call(page, "crossOriginIsolated")).toBe(false);
      expect(await call(page, "sharedRingError")).toBe("SOFTPHONE_CROSS_ORIGIN_ISOLATION");
      await expectToneCadence(page, 3_600);
      expect((await call(page, "stats")).transport).toBe("message");
    }),
    withDialledCall(ECHO_NUMBER, { codec: "ulaw" }, async (page) => {
      await expectTonesInOrder(page, 3_000, 1);
    }),
  ]);
});

test("relay restart mid-call: the call recovers and plays every tone in order", async () => {
  test.setTimeout(90_000);
  await withEchoAgent("voice/sp-restart", async (page) => {
    await relay.server.kill();
    await expect
      .poll(() => call(page, "clientStates"), { timeout: 20_000 })
      .toContain("Reconnecting");
    relay = await startDevServer({ port: relayPort });
    await expect
      .poll(() => call(page, "clientStates"), { timeout: 30_000 })
      .toEqual(["Connected", "Connected"]);
    const before = (await call(page, "stats")).framesDecoded;
    await expect
      .poll(async () => (await call(page, "stats")).framesDecoded, { timeout: 20_000 })
      .toBeGreaterThan(before + 50);
    await settle(page); // the backlog the new relay delivers at once is dropped first
    await expectTonesInOrder(page, 3_000, 1);
  });
});

test("the softphone demo dials the echo number, shows the status, level and jitter buffer, and hangs up", async () => {
  const page = await context.newPage();
  try {
    const { relay: url, api, orgId, apiKey } = relay.ready;
    const query = new URLSearchParams({ relay: url, api, orgId, apiKey });
    await page.goto(`/demos/softphone/?${query}`);
    await expect(page.locator("#isolated")).toHaveText("yes");
    await page.selectOption("#far-end", ECHO_NUMBER);
    await page.click("#call");
    await expect(page.locator("#status")).toHaveText("in_progress", { timeout: 20_000 });
    await expect(page.locator("#transport")).toHaveText("shared");
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
