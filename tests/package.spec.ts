import { expect, test } from "@playwright/test";

// These tests load the built ESM package (dist/, `npm run build`) the way an
// application does, including from another origin, as from a CDN.

test.beforeEach(async ({ page }) => {
  await page.goto("/tests/pages/blank.html");
});

test("errors from dist print their real class names", async ({ page }) => {
  const names = await page.evaluate(async () => {
    const sdk = await import(/* @vite-ignore */ `${location.origin}/dist/index.js`);
    const out: string[] = [];
    const client = sdk.MoqtClient.connect("ws://127.0.0.1:9/moq");
    try {
      client.publishFrame("a", "b", { capability: "x", defaultPriority: 999 });
    } catch (e) {
      out.push(String(e).split(":")[0] as string);
    }
    await client.close();
    const core = await sdk.loadCore();
    try {
      core.createG711Codec({ law: "mulaw" }).encode(new Uint8Array(3));
    } catch (e) {
      out.push(String(e).split(":")[0] as string);
    }
    core.close();
    const moqt = await import(/* @vite-ignore */ `${location.origin}/dist/moqt/index.js`);
    try {
      moqt.decodeControl(Uint8Array.of(0x40, 0x00, 0x00, 0x01, 0xff), moqt.Version.DRAFT_16);
    } catch (e) {
      out.push(String(e).split(":")[0] as string);
    }
    return out;
  });
  expect(names).toEqual(["MoqtClientError", "CoreError", "WireDecodeError"]);
});

test("loadCoreWorker works when the package is served from another origin", async ({
  page,
  baseURL,
}) => {
  // The page is on 127.0.0.1, the package on localhost: two origins (the dev
  // server sends CORS headers, as CDNs do).
  const cdn = (baseURL as string).replace("127.0.0.1", "localhost");
  const out = await page.evaluate(async (cdn) => {
    const sdk = await import(/* @vite-ignore */ `${cdn}/dist/core/index.js`);
    const { core, close } = await sdk.loadCoreWorker();
    const codec = await core.createG711Codec({ law: "alaw" });
    const codes: Uint8Array = await codec.encode(Int16Array.from([0, 1000, -1000, 32767]));
    await close();
    const scripts = performance
      .getEntriesByType("resource")
      .map((e) => e.name)
      .filter((n) => n.includes("/dist/workers/") || n.endsWith(".wasm"));
    return { origin: location.origin, codes: codes.length, scripts };
  }, cdn);
  expect(out.origin).not.toBe(new URL(cdn).origin);
  expect(out.codes).toBe(4);
  expect(out.scripts).toContain(`${cdn}/dist/core.wasm`);
});
