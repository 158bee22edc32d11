import { expect, type Page, test } from "@playwright/test";
import { ConsumerProject, type ReadyLine } from "./consumer/project.ts";

// The package as an application gets it: `npm pack` of @clutchcall/sdk and
// @clutchcall/dev-server, installed offline into a project outside the repository,
// the relay started with `npx clutchcall server`, a Node program and `vite build`s
// of a page and of examples/react and examples/vue, driven in Chromium.
// Needs `npm run build` first (the test command runs it before the browser tests).

test.describe.configure({ mode: "serial" });

const project = new ConsumerProject();
let relay: ReadyLine;
let origin: string;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  project.install();
  await project.build();
  relay = await project.startRelay();
  origin = await project.serve();
});

test.afterAll(async () => {
  await project.close();
});

test("a Node program and a built page use MoqtClient, loadCore, loadCoreWorker and the capture worklet", async ({
  page,
}) => {
  test.setTimeout(60_000);
  const fromNode = project.node("node/client.mjs", [relay.ws]);
  await page.goto(`${origin}/app/?relay=${encodeURIComponent(relay.relay)}`);
  await page.waitForFunction(() => "consumerResult" in window, undefined, { timeout: 30_000 });
  const result = await page.evaluate(
    () => (window as unknown as { consumerResult: unknown }).consumerResult,
  );
  // µ-law of 0, 1000, -1000, 32767, -32768 (ITU-T G.711).
  const mulaw = [255, 206, 78, 128, 0];
  expect(result).toEqual({
    mainThread: mulaw,
    worker: mulaw,
    workletFrames: 50, // 1 s of 20 ms frames
    relayText: "hello from node",
    player: {
      upgraded: true,
      parts: [
        "video",
        "buffering",
        "error",
        "controls",
        "play-button",
        "mute-button",
        "volume",
        "live-badge",
        "latency",
        "rendition-menu",
        "fullscreen-button",
      ],
    },
  });
  expect(JSON.parse(await fromNode)).toEqual({ received: "hello from the browser" });
});

async function telemetryUnmounts(page: Page, app: string): Promise<void> {
  await page.goto(`${origin}/${app}/?relay=${encodeURIComponent(relay.relay)}`);
  await expect(page.getByTestId("state")).toHaveText("Connected", { timeout: 20_000 });
  await expect
    .poll(async () => Number(await page.getByTestId("frames").textContent()), { timeout: 20_000 })
    .toBeGreaterThan(5);
  expect(await project.sessions()).toBe(1);
  await page.getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByTestId("frames")).toHaveCount(0);
  // The component's cleanup closed the client: the relay sees the session end.
  await expect.poll(() => project.sessions(), { timeout: 10_000 }).toBe(0);
}

test("examples/react: telemetry flows, and unmounting closes the session", async ({ page }) => {
  await telemetryUnmounts(page, "react");
});

test("examples/vue: telemetry flows, and unmounting closes the session", async ({ page }) => {
  await telemetryUnmounts(page, "vue");
});

/** The example's player page: the element opens a relay session; unmounting closes it. */
async function playerUnmounts(page: Page, app: string): Promise<void> {
  const src = "stream/consumer/lv_nobody"; // nobody publishes: the viewer waits for a catalog
  await page.goto(
    `${origin}/${app}/?page=player&relay=${encodeURIComponent(relay.relay)}&src=${src}`,
  );
  const player = page.locator("clutchcall-player");
  await expect(player.locator('[part~="controls"]')).toBeVisible(); // upgraded, `controls` set
  await expect(page.getByTestId("player-status")).toHaveText("Waiting for the broadcast…");
  await expect.poll(() => project.sessions(), { timeout: 10_000 }).toBe(1);
  await page.getByRole("button", { name: "Disconnect" }).click();
  await expect(player).toHaveCount(0);
  await expect.poll(() => project.sessions(), { timeout: 10_000 }).toBe(0);
}

test("examples/react: the player page's element subscribes at the relay; unmounting closes the session", async ({
  page,
}) => {
  await playerUnmounts(page, "react");
});

test("examples/vue: the player page's element subscribes at the relay; unmounting closes the session", async ({
  page,
}) => {
  await playerUnmounts(page, "vue");
});
