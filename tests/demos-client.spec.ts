import { expect, type Page, test } from "@playwright/test";
import { type DevServerChild, type ReadyLine, startDevServer } from "./pages/client-dev-server.ts";

/**
 * The realtime demos against the real dev server: the telemetry operator
 * charts frames the simulated robot publishes, and two chat pages in one room
 * find each other and exchange messages. The relay URL is passed as ?relay=
 * (`npm start` serves it at /demos/config.json instead).
 */

let server: DevServerChild;
let ready: ReadyLine;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  ({ server, ready } = await startDevServer());
});

test.afterAll(async () => {
  await server?.stop();
});

const number = async (page: Page, selector: string) =>
  Number(await page.locator(selector).textContent());

test("the demo index links to the telemetry and chat demos", async ({ page }) => {
  await page.goto("/demos/");
  await expect(page.getByRole("link", { name: "Robot telemetry" })).toHaveAttribute(
    "href",
    "./telemetry/",
  );
  await expect(page.getByRole("link", { name: "Chat" })).toHaveAttribute("href", "./chat/");
});

test("telemetry: the operator's chart receives the robot's frames at about 50 Hz", async ({
  page,
}) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const relay = encodeURIComponent(ready.relay);
  await page.goto(`/demos/telemetry/?relay=${relay}&robot=test-${Date.now()}`);
  await expect(page.locator("#robot-state")).toHaveText("Connected", { timeout: 15_000 });
  await expect(page.locator("#op-state")).toHaveText("Connected", { timeout: 15_000 });
  await expect.poll(() => number(page, "#op-frames"), { timeout: 15_000 }).toBeGreaterThan(100);
  // Pose 50/s + scan 5/s + diagnostics 2/s, give or take a loaded machine.
  await expect.poll(() => number(page, "#op-rate"), { timeout: 10_000 }).toBeGreaterThan(30);
  const points = (id: string) =>
    page.locator(id).evaluate((c) => Number((c as HTMLCanvasElement).dataset.points ?? 0));
  await expect.poll(() => points("#latency"), { timeout: 5_000 }).toBeGreaterThan(50);
  await expect.poll(() => points("#rate-chart"), { timeout: 5_000 }).toBeGreaterThan(3);
  // The p50 is over the last 500 frames: a start-up burst on a loaded machine ages out.
  await expect.poll(() => number(page, "#op-p50"), { timeout: 20_000 }).toBeLessThan(200);
  await expect(page.locator("#diagnostics")).toContainText("battery");
  // Every kind was sent with its own priority.
  for (const kind of [1, 2, 3]) {
    await expect.poll(() => number(page, `#sent-${kind}`)).toBeGreaterThan(0);
  }
  expect(errors).toEqual([]);
});

test("chat: two pages in one room find each other and exchange messages", async ({ browser }) => {
  const context = await browser.newContext();
  try {
    const room = `room-${Date.now()}`;
    const relay = encodeURIComponent(ready.relay);
    const open = async (user: string) => {
      const page = await context.newPage();
      await page.goto(`/demos/chat/?relay=${relay}&room=${room}&user=${user}`);
      await expect(page.locator("#state")).toHaveText("Connected", { timeout: 15_000 });
      return page;
    };
    const alice = await open("alice");
    const bob = await open("bob");
    // Each finds the other's track and subscribes to it.
    await expect(alice.locator('#people li[data-user="bob"][data-live]')).toHaveCount(1, {
      timeout: 15_000,
    });
    await expect(bob.locator('#people li[data-user="alice"][data-live]')).toHaveCount(1, {
      timeout: 15_000,
    });

    const say = async (page: Page, text: string) => {
      await page.locator("#text").fill(text);
      await page.locator("#text").press("Enter");
    };
    await say(alice, "hi bob");
    await say(alice, "how are the robots?");
    await expect(bob.locator('#messages li[data-from="alice"] .text')).toHaveText(
      ["hi bob", "how are the robots?"],
      { timeout: 10_000 },
    );
    await say(bob, "all at 50 Hz");
    await expect(alice.locator('#messages li[data-from="bob"] .text')).toHaveText(
      ["all at 50 Hz"],
      { timeout: 10_000 },
    );
    // Own messages are shown once, not echoed back.
    await expect(alice.locator('#messages li[data-from="alice"]')).toHaveCount(2);
    // Bob leaves: his track ends and alice's member list drops him.
    await bob.close({ runBeforeUnload: true });
    await expect(alice.locator('#people li[data-user="bob"]')).toHaveCount(0, { timeout: 10_000 });
  } finally {
    await context.close();
  }
});
