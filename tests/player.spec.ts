import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Browser, chromium, expect, type Locator, type Page, test } from "@playwright/test";
import { CHROMIUM_ARGS } from "../playwright.config.ts";
import type { ClutchCallPlayer } from "../src/player/index.ts";
import { pageApi } from "./page-api.ts";
import type { BroadcastHarnessApi, LiveBroadcast } from "./pages/broadcast-harness.ts";
import { DevServerChild, type ReadyLine, startDevServer } from "./pages/client-dev-server.ts";

/**
 * <clutchcall-player> from the built package (dist/; `npm run build` first) in
 * Chromium against the dev relay: a publisher with a fake camera in one browser
 * instance, the element in another (as in tests/broadcast.spec.ts).
 */

let server: DevServerChild;
let ready: ReadyLine;
let pubBrowser: Browser;
let viewBrowser: Browser;
let publisher: Page;
let page: Page;
let live: LiveBroadcast;

const bc = pageApi<BroadcastHarnessApi>("bc");
const BASE = `http://127.0.0.1:${process.env.TEST_PAGES_PORT ?? 5174}`;
const ROOT = resolve(import.meta.dirname, "..");

test.describe.configure({ mode: "serial" });

interface RecordedEvent {
  readonly type: string;
  readonly detail: unknown;
}

/** Records the element's events (all but the 4-per-second latency ticks) on window. */
async function recordEvents(p: Page): Promise<void> {
  await p.evaluate(() => {
    const w = window as unknown as { playerEvents: RecordedEvent[] };
    w.playerEvents = [];
    for (const type of ["started", "stalled", "resumed", "rendition", "error", "ended"] as const) {
      document.addEventListener(`clutchcall-${type}`, (e) => {
        const d = (e as CustomEvent).detail as { code?: string } | undefined;
        w.playerEvents.push({ type, detail: d?.code ?? d });
      });
    }
  });
}

const eventsOf = (p: Page, type: string) =>
  p.evaluate(
    (t) =>
      (window as unknown as { playerEvents: RecordedEvent[] }).playerEvents.filter(
        (e) => e.type === t,
      ),
    type,
  );

async function addPlayer(p: Page, attrs: Record<string, string>): Promise<Locator> {
  await p.evaluate((a) => {
    const el = document.createElement("clutchcall-player");
    for (const [k, v] of Object.entries(a)) el.setAttribute(k, v);
    el.style.width = "640px";
    document.body.append(el);
  }, attrs);
  return p.locator("clutchcall-player");
}

async function started(p: Page): Promise<void> {
  await expect
    .poll(async () => (await eventsOf(p, "started")).length, { timeout: 30_000 })
    .toBeGreaterThan(0);
}

async function advances(p: Page, seconds: number): Promise<void> {
  const at = () =>
    p.evaluate(
      () =>
        document.querySelector("clutchcall-player")!.shadowRoot!.querySelector("video")!
          .currentTime,
    );
  const from = await at();
  await expect.poll(async () => (await at()) - from, { timeout: 10_000 }).toBeGreaterThan(seconds);
}

const videoHeight = (p: Page) =>
  p.evaluate(
    () =>
      document.querySelector("clutchcall-player")!.shadowRoot!.querySelector("video")!.videoHeight,
  );

async function relaySessions(): Promise<number> {
  const res = await fetch(`${ready.http}/healthz`);
  return ((await res.json()) as { sessions: number }).sessions;
}

async function openHarness(browser: Browser): Promise<Page> {
  const p = await browser.newPage();
  await p.goto(`${BASE}/tests/pages/broadcast-harness.html`);
  await p.waitForFunction(() => (window as unknown as { bcReady?: boolean }).bcReady === true);
  return p;
}

test.beforeAll(async () => {
  test.setTimeout(60_000);
  ({ server, ready } = await startDevServer({ logLevel: "warn" }));
  const launch = () =>
    chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  [pubBrowser, viewBrowser] = await Promise.all([launch(), launch()]);
  publisher = await openHarness(pubBrowser);
  // Seed recipe 1: a live input from the control plane, published over /publish.
  live = await bc(publisher, "goLive", {
    api: ready.api,
    apiKey: ready.apiKey,
    orgId: ready.orgId,
    relayUrl: new URL(ready.relay).origin,
    options: { timesliceMs: 250, keyframeIntervalMs: 1000 },
  });
  await expect
    .poll(async () => (await bc(publisher, "publisherCatalog"))?.tracks.length ?? 0, {
      timeout: 10_000,
    })
    .toBe(3);
});

test.beforeEach(async () => {
  page = await viewBrowser.newPage();
  await page.goto(`${BASE}/tests/pages/player.html`);
  await recordEvents(page);
});

test.afterEach(async () => {
  await page.close();
});

test.afterAll(async () => {
  await bc(publisher, "stopPublisher").catch(() => undefined);
  await pubBrowser?.close();
  await viewBrowser?.close();
  await server?.stop();
});

test("from a <script> tag: plays a signed playback URL, shows LIVE and the latency, fires typed events; the LIVE badge jumps back to the live edge", async () => {
  const player = await addPlayer(page, {
    src: live.signedUrl,
    latency: "20000",
    autoplay: "",
    muted: "",
    controls: "",
  });
  await started(page);
  await advances(page, 1);
  // Lit within target + 1 s; a generous target keeps this independent of machine load.
  await expect(player.locator('[part="live-badge"]')).toHaveAccessibleName("Live");
  expect(await player.evaluate((el) => (el as ClutchCallPlayer).stats()?.targetLatencyMs)).toBe(
    20_000,
  );
  await expect(player.locator('[part~="latency"]')).toHaveText(/^\d+\.\d s$/);
  await expect(player.locator('[part~="controls"]')).toBeVisible();
  await expect(player.locator('[part~="error"]')).toBeHidden();
  expect(await eventsOf(page, "error")).toEqual([]);
  expect((await eventsOf(page, "rendition"))[0]?.detail).toMatchObject({ reason: "initial" });
  // Paused, the badge shows playback behind; clicking it jumps back to the live edge.
  await player.getByRole("button", { name: "Pause" }).click();
  const badge = player.locator('[part~="live-badge"]');
  await expect(badge).toHaveAccessibleName("Jump to live");
  await expect(badge).toHaveAttribute("part", "live-badge live-badge-behind");
  await page.waitForTimeout(1500);
  await badge.click();
  await expect(player.getByRole("button", { name: "Pause" })).toBeVisible();
  // At most LIVE_EDGE_BACKOFF_S (0.3 s) behind the end of the buffer, plus the time to check.
  expect(
    await player.evaluate((el) => {
      const v = el.shadowRoot!.querySelector("video")!;
      return v.buffered.end(v.buffered.length - 1) - v.currentTime;
    }),
  ).toBeLessThan(1);
  await expect(badge).toHaveAccessibleName("Live");
  await advances(page, 0.5);
});

test("an lv_ id with relay and token: the rendition menu offers auto and each rendition, and switches", async () => {
  const player = await addPlayer(page, {
    src: live.inputId,
    relay: new URL(ready.relay).origin,
    token: live.token,
    autoplay: "",
    muted: "",
    controls: "",
  });
  const menu = player.locator('[part~="rendition-menu"]');
  await expect(menu.locator("option")).toHaveText([/^Auto/, "720p", "360p"], { timeout: 10_000 });
  for (const [name, height] of [
    ["video/360p", 360],
    ["video/720p", 720],
  ] as const) {
    await menu.selectOption(name);
    await expect.poll(() => videoHeight(page), { timeout: 10_000 }).toBe(height);
  }
  await menu.selectOption("auto");
  await expect
    .poll(() => player.evaluate((el) => (el as ClutchCallPlayer).stats()?.renditionMode))
    .toBe("auto");
  const manual = (await eventsOf(page, "rendition")).filter(
    (e) => (e.detail as { reason: string }).reason === "manual",
  );
  expect(manual.map((e) => (e.detail as { name: string }).name)).toEqual([
    "video/360p",
    "video/720p",
  ]);
});

test("a new src restarts playback on one session; removing the element closes it", async () => {
  // The publisher only (earlier tests' pages are closed).
  await expect.poll(relaySessions, { timeout: 35_000 }).toBe(1);
  const player = await addPlayer(page, {
    src: live.namespace,
    relay: ready.relay,
    autoplay: "",
    muted: "",
  });
  await started(page);
  await expect(player.locator('[part~="controls"]')).toBeHidden(); // no `controls` attribute
  expect(await relaySessions()).toBe(2);
  await player.evaluate((el) => el.setAttribute("src", "stream/org_test/lv_nobody"));
  await expect
    .poll(() => player.evaluate((el) => (el as ClutchCallPlayer).stats()?.renditions.length))
    .toBe(0); // a new viewer, waiting for a catalog that never comes
  await page.waitForTimeout(500);
  expect(await relaySessions()).toBe(2);
  expect(await eventsOf(page, "ended")).toEqual([]); // a source change is no end
  // stop() ends the playback once; play() starts another, which removal ends once.
  await player.evaluate((el) => (el as ClutchCallPlayer).stop());
  expect((await eventsOf(page, "ended")).length).toBe(1);
  await player.evaluate((el) => (el as ClutchCallPlayer).stop());
  expect((await eventsOf(page, "ended")).length).toBe(1);
  await player.evaluate((el, src) => {
    (el as ClutchCallPlayer).src = src;
    return (el as ClutchCallPlayer).play();
  }, live.namespace);
  await expect.poll(relaySessions, { timeout: 10_000 }).toBe(2);
  // A removed element's events no longer reach the document: listen on the element.
  const endedOnRemoval = await player.evaluate(async (el) => {
    let ended = 0;
    el.addEventListener("clutchcall-ended", () => ended++);
    el.remove();
    await new Promise((r) => setTimeout(r, 100));
    return ended;
  });
  expect(endedOnRemoval).toBe(1);
  await expect.poll(relaySessions, { timeout: 10_000 }).toBe(1);
});

test("an ESM import by URL from another origin; a refused token shows auth_failed in the element", async () => {
  const dir = mkdtempSync(join(tmpdir(), "player-auth-"));
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [resolve(ROOT, "server/bin/clutchcall.mjs"), ...args], {
      encoding: "utf8",
    });
  cli("keygen", "--out", dir);
  const deno = resolve(ROOT, "node_modules/.bin/deno");
  const args = ["run", "-A", "--unstable-net", "server/main.ts", "--port", "0"];
  args.push("--auth-key", join(dir, "relay.pub.pem"), "--log-level", "warn");
  const authServer = new DevServerChild(
    spawn(deno, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] }),
  );
  try {
    const authReady = await authServer.ready(30_000);
    const esm = await viewBrowser.newPage();
    try {
      await esm.goto(`${BASE}/tests/pages/blank.html`);
      await recordEvents(esm);
      // An element in the page before the module loads, a property set on it before the upgrade.
      await esm.evaluate(() => {
        const early = document.createElement("clutchcall-player");
        Object.assign(early, { id: "early", controls: true });
        document.body.append(early);
      });
      const cdn = BASE.replace("127.0.0.1", "localhost");
      const defined = await esm.evaluate(async (url) => {
        await import(/* @vite-ignore */ url);
        return customElements.get("clutchcall-player")?.name;
      }, `${cdn}/dist/player/index.js`);
      expect(defined).toBe("ClutchCallPlayer");
      await expect(esm.locator('#early [part~="controls"]')).toBeVisible();
      await esm.evaluate(() => document.getElementById("early")?.remove());
      const player = await addPlayer(esm, {
        src: live.namespace,
        relay: authReady.relay,
        token: "not-a-valid-token",
        autoplay: "",
        controls: "",
      });
      const error = player.locator('[part~="error"]');
      await expect(error).toBeVisible({ timeout: 15_000 });
      await expect(error).toContainText("refused the playback token");
      await expect(error).toContainText("auth_failed");
      expect(await eventsOf(esm, "error")).toEqual([{ type: "error", detail: "auth_failed" }]);
    } finally {
      await esm.close();
    }
  } finally {
    await authServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
