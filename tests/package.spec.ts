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

test("the canvas render worker loads and draws when the package is served from another origin", async ({
  page,
  baseURL,
}) => {
  const cdn = (baseURL as string).replace("127.0.0.1", "localhost");
  const out = await page.evaluate(async (cdn) => {
    // One red H.264 keyframe, encoded here, is what the worker decodes and draws.
    const encoded = await new Promise<{ chunk: EncodedVideoChunk; config: VideoDecoderConfig }>(
      (resolve, reject) => {
        const encoder = new VideoEncoder({
          output: (chunk, meta) => resolve({ chunk, config: meta!.decoderConfig! }),
          error: reject,
        });
        encoder.configure({ codec: "avc1.42E01F", width: 128, height: 96, avc: { format: "avc" } });
        const paint = new OffscreenCanvas(128, 96);
        const ctx = paint.getContext("2d")!;
        ctx.fillStyle = "rgb(220, 0, 0)";
        ctx.fillRect(0, 0, 128, 96);
        const frame = new VideoFrame(paint, { timestamp: 0, duration: 33_000 });
        encoder.encode(frame, { keyFrame: true });
        frame.close();
        void encoder.flush();
      },
    );
    const data = new Uint8Array(encoded.chunk.byteLength);
    encoded.chunk.copyTo(data);
    const { openVideoSink } = await import(
      /* @vite-ignore */ `${cdn}/dist/streams/viewer/canvas-renderer.js`
    );
    const { MediaClock } = await import(
      /* @vite-ignore */ `${cdn}/dist/streams/viewer/media-clock.js`
    );
    const canvas = document.createElement("canvas");
    document.body.append(canvas);
    const clock = new MediaClock();
    const shown = new Promise<void>((resolve, reject) => {
      void openVideoSink(
        canvas,
        canvas,
        clock,
        { ...encoded.config, optimizeForLatency: true },
        {
          shown: resolve,
          error: reject,
        },
      ).then((sink: { push(s: unknown[]): void; start(): void }) => {
        sink.push([{ tsMs: 0, durationMs: 33, key: true, data }]);
        clock.run(true);
        sink.start();
      });
    });
    await shown;
    // The placeholder <canvas> takes the worker's frame at its next display update.
    for (let i = 0; i < 100 && canvas.width !== 128; i++)
      await new Promise((r) => setTimeout(r, 20));
    const probe = new OffscreenCanvas(canvas.width, canvas.height);
    const ctx = probe.getContext("2d")!;
    ctx.drawImage(canvas, 0, 0);
    let drawnByPage = true;
    try {
      canvas.getContext("2d");
    } catch {
      drawnByPage = false;
    }
    const workers = performance
      .getEntriesByType("resource")
      .map((e) => e.name)
      .filter((n) => n.includes("/dist/workers/"));
    return {
      size: [canvas.width, canvas.height],
      pixel: Array.from(ctx.getImageData(64, 48, 1, 1).data),
      drawnByPage,
      workers,
    };
  }, cdn);
  expect(out.workers).toEqual([`${cdn}/dist/workers/canvas-render.js`]);
  expect(out.drawnByPage).toBe(false);
  expect(out.size).toEqual([128, 96]);
  const [r, g, b] = out.pixel;
  expect(r).toBeGreaterThan(180);
  expect(g! + b!).toBeLessThan(60);
});
