import { type ChildProcess, spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { expect, test } from "@playwright/test";
// The control plane alone: the streams entry also pulls in browser-only worklet imports.
import { ControlPlane, DEFAULT_RETRY } from "../src/streams/control/control-plane.ts";
import { LiveInputs } from "../src/streams/control/live-inputs.ts";
import { pageApi } from "./page-api.ts";
import { type DevServerChild, startDevServer } from "./pages/client-dev-server.ts";
import type { HlsHarnessApi } from "./pages/hls-harness.ts";

/**
 * LL-HLS fallback in Chromium: ffmpeg's test source over RTMP into the dev
 * server (recipe 2's input with a rotated key), played by hls.js in
 * low-latency mode from /hls/<id>/index.m3u8 with a signed playback token — no
 * MoQT in the page. A bad token is refused. The SDK's viewer falls back to it
 * by itself where the page has no WebTransport, and where its MoQT connection
 * fails (nothing listens on the relay's UDP port).
 */

/** A loopback UDP port nothing listens on (bound, then released). */
async function closedUdpPort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((done) => socket.bind(0, "127.0.0.1", done));
  const { port } = socket.address();
  await new Promise<void>((done) => socket.close(done));
  return port;
}

const call = pageApi<HlsHarnessApi>("hlsHarness");
let server: DevServerChild;
let encoder: ChildProcess | undefined;

test.afterAll(async () => {
  if (encoder?.pid !== undefined && encoder.exitCode === null) process.kill(encoder.pid, "SIGKILL");
  await server?.stop();
});

test("RTMP in, LL-HLS out: hls.js plays the live input; a bad token is refused", async ({
  page,
}) => {
  test.setTimeout(90_000);
  let ready: Awaited<ReturnType<typeof startDevServer>>["ready"] & { rtmp?: string | null };
  ({ server, ready } = await startDevServer({ args: ["--ephemeral", "--rtmp-port", "0"] }));
  const liveInputs = new LiveInputs(
    new ControlPlane({
      baseUrl: ready.api,
      apiKey: ready.apiKey,
      orgId: ready.orgId,
      fetch: globalThis.fetch.bind(globalThis),
      retry: DEFAULT_RETRY,
    }),
  );
  const { input } = await liveInputs.create({ name: "Keynote 2026", ingest: "rtmp" });
  const { streamKey } = await input.rotateStreamKey();
  encoder = spawn(
    "ffmpeg",
    [
      ...["-hide_banner", "-v", "error", "-re"],
      ...["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30"],
      ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"],
      // Runs until the test ends (killed in afterAll): the four steps take longer than any fixed length under load.
      ...["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency"],
      ...["-g", "30", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-f", "flv"],
      `${ready.rtmp}/${input.external_input_id}/${streamKey}`,
    ],
    { stdio: "ignore" },
  );
  const { token } = await input.signedPlaybackUrl({ ttlSeconds: 300 });
  const hlsUrl = `${ready.http}/hls/${input.external_input_id}/index.m3u8`;

  await page.goto("/tests/pages/hls-harness.html");
  const playing = await call(page, "play", `${hlsUrl}?tok=${encodeURIComponent(token)}`, 3, 40_000);
  expect(playing.width).toBe(320);
  expect(playing.lowLatency).toBe(true);
  expect(playing.playingDateMs).toBeGreaterThan(0);
  const latencyMs = Date.now() - playing.playingDateMs;
  console.log(`LL-HLS ingest-to-display latency: ${latencyMs} ms`);
  expect(latencyMs).toBeLessThan(15_000);
  await call(page, "stop");

  await page.reload();
  const errors = await call(page, "errorsAfter", `${hlsUrl}?tok=forged`, 3000);
  expect(errors.join()).toContain("manifestLoadError");

  // The SDK's viewer in a page without WebTransport falls back to LL-HLS by itself.
  const { url: signedUrl } = await input.signedPlaybackUrl({ ttlSeconds: 300 });
  const noWt = await page.context().newPage();
  await noWt.addInitScript(() => {
    delete (globalThis as { WebTransport?: unknown }).WebTransport;
  });
  await noWt.goto("/tests/pages/hls-harness.html");
  const r = await call(noWt, "viewerPlay", signedUrl, ready.http, "auto", 2, 30_000);
  expect(r.hasWebTransport).toBe(false);
  expect(r.events.filter((e) => e.startsWith("error"))).toEqual([]);
  expect(r.events).toContain("started");
  expect(r.events).toContain("rendition video/240p");
  expect(r.stats.transport).toBe("hls");
  expect(r.stats.rendition).toBe("video/240p");
  expect(r.stats.framesShown).toBeGreaterThan(0);
  expect(r.stats.latencyMs).toBeGreaterThan(0);
  console.log(`SDK viewer over LL-HLS: glass-to-glass ${r.stats.latencyMs} ms`);
  await noWt.close();

  // WebTransport present but refused (the relay's port closed): "auto" falls back after the failure.
  const refused = new URL(signedUrl);
  refused.port = String(await closedUdpPort());
  const failing = await page.context().newPage();
  await failing.goto("/tests/pages/hls-harness.html");
  const f = await call(failing, "viewerPlay", refused.href, ready.http, "auto", 2, 40_000);
  expect(f.hasWebTransport).toBe(true);
  expect(f.events.filter((e) => e.startsWith("error"))).toEqual([]);
  expect(f.events).toContain("started");
  expect(f.stats.transport).toBe("hls");
  expect(f.stats.framesShown).toBeGreaterThan(0);
  await failing.close();
});
