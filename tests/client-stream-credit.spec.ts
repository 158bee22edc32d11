import { expect, test } from "@playwright/test";
import { pageApi } from "./page-api.ts";
import { type DevServerChild, type ReadyLine, startDevServer } from "./pages/client-dev-server.ts";
import type { ClientHarnessApi } from "./pages/client-harness.ts";

/**
 * A frame publication writing more frames in one burst than the relay grants
 * streams at once (the dev relay: 256 incoming unidirectional streams per
 * connection). Chromium refuses the opens beyond the credit at once; the
 * transport retries them as the relay returns credit, so every frame arrives
 * and none is counted as dropped.
 */

let server: DevServerChild;
let ready: ReadyLine;

const call = pageApi<ClientHarnessApi>("cc");
const FRAMES = 800;

test.beforeAll(async () => {
  ({ server, ready } = await startDevServer({ logLevel: "warn" }));
});

test.afterAll(async () => {
  await server?.stop();
});

test(`a burst of ${FRAMES} frames (a stream each) beyond the relay's stream credit: all delivered, none dropped`, async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const context = await browser.newContext();
  try {
    const [publisher, subscriber] = await Promise.all([context.newPage(), context.newPage()]);
    for (const page of [publisher, subscriber]) {
      await page.goto("/tests/pages/client-harness.html");
      await page.waitForFunction(() => (window as unknown as { ccReady?: boolean }).ccReady);
    }
    await call(subscriber, "connect", "s", ready.relay);
    await call(subscriber, "subscribe", "s", "frame", "credit/burst", "frames");
    await call(subscriber, "connected", "s");
    await call(publisher, "connect", "p", ready.relay);
    await call(publisher, "connected", "p");
    await call(publisher, "writeFrameBurst", "p", "credit/burst", "frames", FRAMES);
    await expect
      .poll(
        async () => new Set(await call(subscriber, "gotData", "s", "credit/burst", "frames")).size,
        {
          timeout: 30_000,
        },
      )
      .toBe(FRAMES);
    expect(await call(publisher, "frameDropped", "p", "credit/burst", "frames")).toBe(0);
    await call(publisher, "closeAll");
    await call(subscriber, "closeAll");
  } finally {
    await context.close();
  }
});
