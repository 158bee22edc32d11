import { type Browser, chromium, expect, test } from "@playwright/test";
import { CHROMIUM_ARGS } from "../playwright.config.ts";
import { pageApi } from "./page-api.ts";
import type { BroadcastHarnessApi } from "./pages/broadcast-harness.ts";
import { type DevServerChild, type ReadyLine, startDevServer } from "./pages/client-dev-server.ts";

/**
 * The WebCodecs backend with Chromium's autoplay policy enforced: the publisher
 * (its own browser) draws a wall-clock time code into every frame and beeps on
 * every wall-clock second; the viewer's AudioContext stays suspended until a
 * user gesture — `audiosuspended`, the picture plays on the page clock — and a
 * click starts the sound.
 */

let server: DevServerChild;
let ready: ReadyLine;
let pubBrowser: Browser;
let viewBrowser: Browser | undefined;

const call = pageApi<BroadcastHarnessApi>("bc");
const BASE = `http://127.0.0.1:${process.env.TEST_PAGES_PORT ?? 5174}`;
const NAMESPACE = "stream/org_test/lv_canvas";

const launch = (args: readonly string[]) =>
  chromium.launch({ executablePath: "/usr/bin/chromium", args: [...args] });

test.beforeAll(async () => {
  ({ server, ready } = await startDevServer({ logLevel: "warn", args: ["--ephemeral"] }));
  pubBrowser = await launch(CHROMIUM_ARGS);
  const publisher = await pubBrowser.newPage();
  await publisher.goto(`${BASE}/tests/pages/broadcast-harness.html`);
  await publisher.waitForFunction(() => (window as unknown as { bcReady?: boolean }).bcReady);
  await call(publisher, "publish", {
    relay: ready.relay,
    namespace: NAMESPACE,
    source: "clock-beep",
    options: {
      timesliceMs: 250,
      keyframeIntervalMs: 1000,
      renditions: [{ name: "video/360p", height: 360, bitrate: 800_000 }],
    },
  });
});

test.afterAll(async () => {
  await viewBrowser?.close();
  await pubBrowser?.close();
  await server?.stop();
});

test("autoplay policy: audiosuspended, the picture plays on the page clock; a click starts the sound", async () => {
  test.setTimeout(60_000);
  const args = CHROMIUM_ARGS.map((a) =>
    a.startsWith("--autoplay-policy=") ? "--autoplay-policy=document-user-activation-required" : a,
  );
  viewBrowser = await launch(args);
  const viewer = await viewBrowser.newPage();
  // The page plays by itself and is read over CDP without a user gesture
  // (Playwright's evaluate() is one, and would let the sound start).
  const view = { relay: ready.relay, source: NAMESPACE, backend: "webcodecs" };
  await viewer.goto(
    `${BASE}/tests/pages/broadcast-harness.html?view=${encodeURIComponent(JSON.stringify(view))}`,
  );
  const cdp = await viewer.context().newCDPSession(viewer);
  const quiet = async <K extends "events" | "viewerStats" | "frameCodeMs">(
    method: K,
  ): Promise<Awaited<ReturnType<BroadcastHarnessApi[K]>>> => {
    const { result } = await cdp.send("Runtime.evaluate", {
      expression: `window.bc?.${method}()`,
      returnByValue: true,
      awaitPromise: true,
      userGesture: false,
    });
    return result.value;
  };
  await expect
    .poll(async () => (await quiet("events"))?.filter((e) => e.type === "audiosuspended").length, {
      timeout: 15_000,
    })
    .toBe(1);
  expect((await quiet("viewerStats"))?.audio?.state).toBe("suspended");
  // The picture goes on without sound: frames drawn, the time code showing moves with real time.
  const shown0 = (await quiet("viewerStats"))?.framesShown ?? 0;
  const code0 = (await quiet("frameCodeMs")) ?? 0;
  const t0 = Date.now();
  await expect
    .poll(async () => ((await quiet("viewerStats"))?.framesShown ?? 0) - shown0, {
      timeout: 15_000,
    })
    .toBeGreaterThan(40);
  const movedMs = ((await quiet("frameCodeMs")) ?? 0) - code0;
  expect(movedMs).toBeGreaterThan((Date.now() - t0) / 2);
  const suspended = (await quiet("viewerStats"))?.audio;
  expect([suspended?.state, suspended?.playedMs]).toEqual(["suspended", 0]);
  // A user gesture in the page resumes the sound.
  await viewer.click("#c");
  await expect.poll(async () => (await call(viewer, "viewerStats"))?.audio?.state).toBe("running");
  await expect
    .poll(async () => (await call(viewer, "viewerStats"))?.audio?.playedMs ?? 0, {
      timeout: 15_000,
    })
    .toBeGreaterThan(1000);
  expect((await call(viewer, "events")).filter((e) => e.type === "error")).toEqual([]);
});
