import { expect, test } from "@playwright/test";
import type { CoreHarness } from "./pages/core-harness.ts";

// The WASM audio core in Chromium: the same core.wasm on the main thread, in a
// Web Worker through comlink, and in an AudioWorklet inside an OfflineAudioContext.

type Harness = { coreHarness?: CoreHarness };

test.beforeEach(async ({ page }) => {
  page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
  await page.goto("/tests/pages/core-harness.html");
  await page.waitForFunction(() => (globalThis as Harness).coreHarness !== undefined);
});

test("main thread: G.711 bit-exact, resampler, typed errors", async ({ page }) => {
  const r = await page.evaluate(() => (globalThis as Harness).coreHarness!.mainThread());
  expect(r.encodeMismatches).toBe(0);
  expect(r.decodeMismatches).toBe(0);
  expect(r.resampledLength).toBe(16000);
  expect(r.oddError).toBe("CORE_ODD_BYTE_COUNT");
});

test("web worker through comlink: same results, CoreError codes survive the trip", async ({
  page,
}) => {
  const r = await page.evaluate(() => (globalThis as Harness).coreHarness!.inWorker());
  expect(r.codesEqual).toBe(true);
  expect(r.agcEqual).toBe(true);
  expect(r.remoteGainDb).toBeGreaterThan(0);
  expect(r.upsampledLength).toBe(96000);
  expect(r.oddIsCoreError).toBe(true);
  expect(r.oddError).toBe("CORE_ODD_BYTE_COUNT");
  expect(r.freedError).toBe("CORE_FREED");
});

test("AudioWorklet in an OfflineAudioContext: capture chain gives the expected frames and output", async ({
  page,
}) => {
  const r = await page.evaluate(() => (globalThis as Harness).coreHarness!.inWorklet());
  expect(r.errors).toEqual([]);
  expect(r.ready).toBe(true);
  expect(r.expectedFrames).toBe(100);
  expect(r.frameCount).toBe(100);
  expect(r.framesEqual).toBe(true);
  expect(r.passthrough).toBe(true);
  expect(r.agcFrameCount).toBe(400);
  expect(r.agcFrameBytes).toBe(320);
  expect(r.agcOutputEqualsMainThread).toBe(true);
  expect(r.agcFinalGainDb).toBeGreaterThan(15);
  expect(Math.abs(r.agcTailLevelDbfs + 18)).toBeLessThan(2.5);
});
