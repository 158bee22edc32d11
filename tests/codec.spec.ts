import { expect, test } from "@playwright/test";

test("every control message of both drafts round-trips inside Chromium", async ({ page }) => {
  await page.goto("/tests/pages/codec.html");
  await page.waitForFunction(() => (window as unknown as { codecReady?: boolean }).codecReady);
  for (const draft of [14, 16]) {
    const report = await page.evaluate(
      (d) =>
        (
          window as unknown as {
            codec: {
              roundTripAll(
                d: number,
                n: number,
              ): { registered: string[]; covered: string[]; samples: number; failures: string[] };
            };
          }
        ).codec.roundTripAll(d, 40),
      draft,
    );
    expect(report.failures, `draft-${draft}`).toEqual([]);
    expect(report.covered, `draft-${draft}`).toEqual(report.registered);
    expect(report.samples).toBeGreaterThan(report.registered.length * 40 - 1);
  }
});
