import { execFileSync } from "node:child_process";
import { relative, resolve } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { pageApi } from "./page-api.ts";
import { type DevServerChild, type ReadyLine, startDevServer } from "./pages/client-dev-server.ts";
import type { VodHarnessApi } from "./pages/vod-harness.ts";

/**
 * VOD in Chromium against the real dev server: seed recipe 3 (createUpload,
 * the recipe's tusUpload verbatim, packaging by ffmpeg), and the SDK's
 * streams.assets.upload through tus-js-client, aborted, the page reloaded, and
 * resumed from the confirmed offset.
 */

const call = pageApi<VodHarnessApi>("vod");
const ROOT = resolve(import.meta.dirname, "..");

/** The fixture's URL on the test page server (made once, cached under .cache/). */
function fixtureUrl(name: string): string {
  const script = resolve(ROOT, "server/engine/vod/testing/fixtures.ts");
  const path = execFileSync(resolve(ROOT, "node_modules/.bin/deno"), ["run", "-A", script, name], {
    encoding: "utf8",
  }).trim();
  return `/${relative(ROOT, path)}`;
}

let server: DevServerChild;
let ready: ReadyLine;

test.beforeAll(async () => {
  ({ server, ready } = await startDevServer({ args: ["--ephemeral", "--no-rtmp"] }));
});

test.afterAll(async () => {
  await server?.stop();
});

const control = () => ({ api: ready.api, apiKey: ready.apiKey, orgId: ready.orgId });

let longPlaybackId: string | undefined;
/** The 40 s asset, uploaded and packaged once for the playback tests. */
async function longAsset(page: Page): Promise<string> {
  longPlaybackId ??= (await call(page, "recipeUpload", control(), fixtureUrl("long-h264-aac.mp4")))
    .playbackId;
  return longPlaybackId;
}

test("recipe 3: createUpload, the recipe's tusUpload, packaged to a ready asset", async ({
  page,
}) => {
  await page.goto("/tests/pages/vod-harness.html");
  const result = await call(page, "recipeUpload", control(), fixtureUrl("h264-aac.mp4"));
  expect(result.status).toBe("ready");
  expect(result.playbackId).toMatch(/^pb_/);
});

test("streams.assets.upload: aborted, page reloaded, resumed from the confirmed offset", async ({
  page,
}) => {
  const url = fixtureUrl("h264-aac.mp4");
  await page.goto("/tests/pages/vod-harness.html");
  expect(await call(page, "badArgument", control())).toMatch(/^validation: upload\(file\)/);
  expect(await call(page, "abortedUpload", control(), url, 128 << 10)).toBe("aborted");
  await page.reload();
  const resumed = await call(page, "resumedUpload", control(), url);
  expect(resumed.resumed).toBe(true);
  expect(resumed.firstProgress).toBeGreaterThanOrEqual(128 << 10);
  expect(resumed.status).toBe("ready");
});

test("viewer.play(pb_…): VOD over HTTPS plays, switches rendition, seeks, ends", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto("/tests/pages/vod-harness.html");
  const playbackId = await longAsset(page);
  const fetched: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes(`/vod/${playbackId}/`)) fetched.push(new URL(r.url()).pathname);
  });
  const r = await call(page, "playVod", ready.http, playbackId, 37);
  expect(r.errors).toEqual([]);
  expect(r.before.renditions).toEqual(["video/240p", "video/120p"]);
  expect(r.before.rendition).toBe("video/240p");
  expect(r.events).toEqual(["rendition video/240p initial", "rendition video/120p manual"]);
  expect(r.after.rendition).toBe("video/120p");
  expect(r.after.framesShown).toBeGreaterThan(30);
  expect(r.durationS).toBeCloseTo(40, 0);
  expect(r.endedAtS).toBeGreaterThan(39);
  // Seeking to 37 s fetched the fragment holding it (36–38 s) and skipped the middle.
  const video = fetched.filter((p) => p.includes("/video/"));
  expect(video).toContain(`/vod/${playbackId}/video/120p/18.m4s`);
  expect(video.some((p) => /\/1[3-5]\.m4s$/.test(p))).toBe(false);
  console.log(`VOD time to first frame: ${Math.round(r.timeToFirstFrameMs)} ms`);
  expect(await call(page, "playMissing", ready.http)).toBe("not_found");
});

test("automatic VOD ABR: a throttled path steps down before the buffer runs out, and back up", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto("/tests/pages/vod-harness.html");
  const playbackId = await longAsset(page);
  // Thresholds above the defaults (10 s buffer, 10 s quiet) keep the whole run inside the 40 s asset.
  const bitrates = await call(page, "startAbr", ready.http, playbackId, {
    lowBufferMs: 16_000,
    upAfterMs: 3000,
  });
  const high = bitrates["video/240p"]!;
  const low = bitrates["video/120p"]!;
  expect(high).toBeGreaterThan(2 * low);
  // Chromium's network emulation caps the page's downloads between the two renditions.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const throttle = (bitsPerSecond: number) =>
    cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: bitsPerSecond / 8,
      uploadThroughput: -1,
    });
  await throttle(Math.round((high + low) / 2));
  const state = () => call(page, "abrState");
  await expect.poll(async () => (await state()).rendition, { timeout: 20_000 }).toBe("video/120p");
  await throttle(-1);
  await expect.poll(async () => (await state()).rendition, { timeout: 15_000 }).toBe("video/240p");
  const s = await state();
  await call(page, "stopAbr");
  expect(s.errors).toEqual([]);
  expect(s.events).toEqual(["video/240p initial", "video/120p auto", "video/240p auto"]);
  console.log(
    `VOD ABR: ${s.events.join(" → ")}; ${s.rebufferCount} rebuffers, ${Math.round(s.bufferMs)} ms buffered`,
  );
  // None when run alone; one short rebuffer seen once in the full suite.
  expect(s.rebufferCount).toBeLessThanOrEqual(1);
});
