import { expect, test } from "@playwright/test";

test("every control message of both drafts round-trips inside Chromium", async ({ page }) => {
  await page.goto("/tests/pages/codec.html");
  await page.waitForFunction(() => (window as unknown as { codecReady?: boolean }).codecReady);
  for (const draft of [14, 16]) {
    const report = await page.evaluate(
      (d) =>
        (
          window as unknown as {
            codec: { roundTripAll(d: number, n: number): { registered: string[]; covered: string[]; samples: number; failures: string[] } };
          }
        ).codec.roundTripAll(d, 40),
      draft,
    );
    expect(report.failures, `draft-${draft}`).toEqual([]);
    expect(report.covered, `draft-${draft}`).toEqual(report.registered);
    expect(report.samples).toBeGreaterThan(report.registered.length * 40 - 1);
  }
});

test("the IIFE bundle exposes the codec as ClutchCall.moqt from a script tag", async ({ page }) => {
  await page.goto("/tests/pages/iife.html");
  const hex = await page.evaluate(() => {
    const cc = (window as unknown as { ClutchCall: { moqt: typeof import("../src/moqt/index.ts") } })
      .ClutchCall.moqt;
    const bytes = cc.encodeControl({ kind: "maxRequestId", maxRequestId: 300 }, cc.Version.DRAFT_16);
    const [msg] = cc.decodeControl(bytes, cc.Version.DRAFT_16);
    return { hex: Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" "), msg };
  });
  expect(hex.hex).toBe("15 00 02 41 2c");
  expect(hex.msg).toEqual({ kind: "maxRequestId", maxRequestId: 300 });
});
