import { expect, test } from "@playwright/test";

test("the demo index links to the wire inspector", async ({ page }) => {
  await page.goto("/demos/");
  await page.getByRole("link", { name: "MoQT wire inspector" }).click();
  await expect(page).toHaveURL(/wire-inspector/);
});

test("the wire inspector encodes a SUBSCRIBE and decodes it back, in both drafts", async ({
  page,
}) => {
  await page.goto("/demos/wire-inspector/");
  await page.selectOption("#preset", "subscribe");
  for (const draft of ["16", "14"]) {
    await page.selectOption("#draft", draft);
    const hex = await page.inputValue("#hex");
    expect(hex.startsWith("03 ")).toBe(true); // SUBSCRIBE is type 0x3 in both drafts
    await expect(page.locator("#decoded")).toContainText('"kind": "subscribe"');
    await expect(page.locator("#decoded")).toContainText('"$utf8": "turtlebot4-001"');
    await expect(page.locator("#encode-error")).toHaveText("");
  }
});

test("the wire inspector reports malformed bytes with the termination code", async ({ page }) => {
  await page.goto("/demos/wire-inspector/");
  await page.fill("#hex", "15 00 03 41 2c 00"); // MAX_REQUEST_ID with a stray byte
  await page.click("#decode");
  await expect(page.locator("#decoded")).toContainText("malformed at byte");
  await expect(page.locator("#decoded")).toContainText("termination code: 0x3");
});

test("every demo page loads without a failed request (favicon included)", async ({ page }) => {
  const failed: string[] = [];
  page.on("response", (r) => {
    // config.json exists only under `npm start`; the pages fall back without it.
    if (r.status() >= 400 && !r.url().endsWith("/demos/config.json")) {
      failed.push(`${r.status()} ${r.url()}`);
    }
  });
  for (const path of [
    "/demos/",
    "/demos/wire-inspector/",
    "/demos/telemetry/",
    "/demos/chat/",
    "/demos/player/",
  ]) {
    await page.goto(path);
    await page.waitForLoadState("load");
  }
  await page.waitForTimeout(500); // the icon is fetched after load
  expect(failed).toEqual([]);
});

test("the chat's room and name fields refuse a slash, with a valid pattern", async ({ page }) => {
  await page.goto("/demos/chat/");
  const validity = await page.evaluate(() => {
    const input = document.getElementById("user") as HTMLInputElement;
    const check = (value: string) => {
      input.value = value;
      return input.validity.patternMismatch;
    };
    return { slash: check("a/b"), plain: check("alice") };
  });
  expect(validity).toEqual({ slash: true, plain: false });
});
