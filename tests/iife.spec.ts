import { expect, test } from "@playwright/test";

type Sdk = {
  moqt: typeof import("../src/moqt/index.ts");
  core: typeof import("../src/core/index.ts");
  voice: typeof import("../src/voice/index.ts");
};

// These tests load the built bundle (dist/clutchcall.iife.js) from a <script> tag.
test.beforeEach(async ({ page }) => {
  await page.goto("/tests/pages/iife.html");
});

test("ClutchCall.moqt encodes and decodes control messages", async ({ page }) => {
  const out = await page.evaluate(() => {
    const cc = (window as unknown as { ClutchCall: Sdk }).ClutchCall.moqt;
    const bytes = cc.encodeControl(
      { kind: "maxRequestId", maxRequestId: 300 },
      cc.Version.DRAFT_16,
    );
    const [msg] = cc.decodeControl(bytes, cc.Version.DRAFT_16);
    return { hex: Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" "), msg };
  });
  expect(out.hex).toBe("15 00 02 41 2c");
  expect(out.msg).toEqual({ kind: "maxRequestId", maxRequestId: 300 });
});

test("ClutchCall.core loads its .wasm asset next to the script and encodes G.711", async ({
  page,
}) => {
  const out = await page.evaluate(async () => {
    const { core: sdk } = (window as unknown as { ClutchCall: Sdk }).ClutchCall;
    const core = await sdk.loadCore();
    const codec = core.createG711Codec({ law: "mulaw" });
    const codes = codec.encode(Int16Array.from([0, 1000, -1000, 32767]));
    const wasm = performance
      .getEntriesByType("resource")
      .map((e) => e.name)
      .filter((n) => n.endsWith(".wasm"));
    codec.free();
    core.close();
    return { codes: Array.from(codes), wasm };
  });
  expect(out.codes).toHaveLength(4);
  expect(out.wasm.some((u) => u.endsWith("/dist/core.wasm"))).toBe(true);
});

test("ClutchCall.voice refuses bad arguments with a typed VoiceError", async ({ page }) => {
  const out = await page.evaluate(() => {
    const { voice } = (window as unknown as { ClutchCall: Sdk }).ClutchCall;
    try {
      new voice.Voice({ baseUrl: "http://127.0.0.1:1", apiKey: "", orgId: "org" });
      return "no error";
    } catch (e) {
      return `${(e as Error).name} ${(e as { code: string }).code}`;
    }
  });
  expect(out).toBe("VoiceError VOICE_INVALID_ARGUMENT");
});
