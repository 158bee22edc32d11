import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { pageApi } from "./page-api.ts";
import { type DevServerChild, type ReadyLine, startDevServer } from "./pages/client-dev-server.ts";
import type { ClientHarnessApi } from "./pages/client-harness.ts";

/**
 * The frame example of the product docs, 20 runs in a row in Chromium against
 * the dev server: the subscriber subscribes first, then the publisher publishes
 * and writes 100 frames of priority 200 at 50 Hz from the moment it connects.
 * Frames of equal priority must arrive complete and in the order written
 * (only a more urgent priority may overtake).
 */

let server: DevServerChild;
let ready: ReadyLine;
let context: BrowserContext;
let publisher: Page;
let subscriber: Page;

const call = pageApi<ClientHarnessApi>("cc");

test.beforeAll(async ({ browser }) => {
  ({ server, ready } = await startDevServer({}));
  context = await browser.newContext();
  publisher = await openHarness(context);
  subscriber = await openHarness(context);
});

test.afterAll(async () => {
  await context?.close();
  await server?.stop();
});

async function openHarness(ctx: BrowserContext): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto("/tests/pages/client-harness.html");
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => (window as unknown as { ccReady?: boolean }).ccReady === true);
  return page;
}

const RUNS = 20;
const FRAMES = 100;

test(`frame example: ${RUNS} runs in a row, ${FRAMES} frames of priority 200 at 50 Hz, all in order`, async () => {
  test.setTimeout(RUNS * 6_000);
  const want = Array.from({ length: FRAMES }, (_, i) => String(i));
  const outOfOrder: string[] = [];
  for (let run = 0; run < RUNS; run++) {
    const ns = `order/run-${run}`;
    await call(subscriber, "connect", "s", ready.relay);
    await call(subscriber, "subscribe", "s", "frame", ns, "odom");
    await call(subscriber, "connected", "s");
    await call(publisher, "connect", "p", ready.relay);
    await call(publisher, "writeFrameSeries", "p", ns, "odom", FRAMES, 20, 200);
    await expect
      .poll(async () => (await call(subscriber, "gotData", "s", ns, "odom")).length, {
        timeout: 5_000,
      })
      .toBe(FRAMES);
    const got = await call(subscriber, "gotData", "s", ns, "odom");
    if (got.join() !== want.join()) outOfOrder.push(`run ${run}: ${got.join(",")}`);
    await call(publisher, "closeAll");
    await call(subscriber, "closeAll");
  }
  expect(outOfOrder).toEqual([]);
});
