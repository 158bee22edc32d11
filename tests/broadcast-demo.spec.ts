import { type Browser, chromium, expect, test } from "@playwright/test";
import { CHROMIUM_ARGS } from "../playwright.config.ts";
import { type DevServerChild, type ReadyLine, startDevServer } from "./pages/client-dev-server.ts";

/**
 * The broadcast demo pages against the dev server: "go live" creates an input and
 * publishes (synthetic clock + fake microphone, 360p only to stay light) in one
 * browser; the watch page it links to plays in another, with its stats overlay.
 */

let server: DevServerChild;
let ready: ReadyLine;
let liveBrowser: Browser;

test.beforeAll(async () => {
  ({ server, ready } = await startDevServer({ logLevel: "warn", args: ["--ephemeral"] }));
  liveBrowser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
});

test.afterAll(async () => {
  await liveBrowser?.close();
  await server?.stop();
});

test("the demo index links to both broadcast pages", async ({ page }) => {
  await page.goto("/demos/");
  await page.getByRole("link", { name: "Go live" }).click();
  await expect(page).toHaveURL(/\/demos\/broadcast\/$/);
  await page.goto("/demos/");
  await page.getByRole("link", { name: "watch it" }).click();
  await expect(page).toHaveURL(/\/demos\/broadcast\/watch\.html$/);
});

test("go live, then watch through the link it gives, with live stats", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const live = await liveBrowser.newPage({ baseURL: baseURL! });
  const q = new URLSearchParams({
    relay: ready.relay,
    api: ready.api,
    apiKey: ready.apiKey,
    orgId: ready.orgId,
  });
  await live.goto(`/demos/broadcast/?${q}`);
  // The fake microphone is listed (device enumeration can take seconds on a loaded machine).
  await expect(live.locator("#audio option")).not.toHaveCount(1, { timeout: 20_000 });
  await live.selectOption("#audio", { index: 1 });
  await live.locator('input[name="rendition"][value="720"]').uncheck();
  await live.selectOption("#timeslice", "250");
  await live.click("#start");
  await expect(live.locator("#state")).toHaveText("live", { timeout: 20_000 });
  await expect(live.locator("#watch")).toBeVisible({ timeout: 20_000 });
  await expect(live.locator("#tracks tr")).toHaveCount(2); // video/360p and audio
  await expect(live.locator("#error")).toHaveText("");
  const href = (await live.locator("#watch").getAttribute("href"))!;

  await page.goto(`/demos/broadcast/${href.replace("./", "")}&autoplay=1`);
  await expect(page.locator("#state")).toHaveText("playing", { timeout: 20_000 });
  await expect(page.locator("#overlay")).toContainText("rendition video/360p");
  await expect(page.locator("#rendition option")).toHaveText(["auto", "video/360p"]);
  const framesShown = async () =>
    Number(/(\d+) shown/.exec((await page.locator("#overlay").textContent()) ?? "")?.[1]);
  await expect.poll(framesShown, { timeout: 15_000 }).toBeGreaterThan(10);
  await expect(page.locator("#error")).toHaveText("");
  await page.click("#stop");
  await live.click("#stop");
  await expect(live.locator("#state")).toHaveText("stopped");
  await live.close();
});
