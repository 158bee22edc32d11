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
