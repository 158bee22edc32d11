import { expect, test } from "@playwright/test";

/**
 * The live MSE audio hole fill (src/streams/viewer/audio-gap-fill.ts) in
 * Chromium's own MediaSource: real Opus from WebCodecs, one packet per CMAF
 * chunk as the publisher sends them, a 130 ms hole in the middle. Without the
 * fill the SourceBuffer has two ranges (the element would wait at the hole);
 * with it, one, and playback runs through the silence.
 */
test("Opus silence fills a hole in a live audio SourceBuffer; playback runs through it", async ({
  page,
}) => {
  await page.goto("/tests/pages/blank.html");
  await page.waitForLoadState("networkidle");
  const result = await page.evaluate(async () => {
    // Vite serves the sources to the page.
    const load = <T>(path: string) => import(path) as Promise<T>;
    const { writeInitSegment } = await load<typeof import("../src/streams/cmaf/init-segment.ts")>(
      "/src/streams/cmaf/init-segment.ts",
    );
    const { writeFragment } = await load<typeof import("../src/streams/cmaf/fragment.ts")>(
      "/src/streams/cmaf/fragment.ts",
    );
    const { AudioGapFill } = await load<typeof import("../src/streams/viewer/audio-gap-fill.ts")>(
      "/src/streams/viewer/audio-gap-fill.ts",
    );
    // 1.2 s of a 440 Hz tone through the browser's Opus encoder (20 ms packets).
    const packets: { tsUs: number; data: Uint8Array }[] = [];
    const encoder = new AudioEncoder({
      output: (c) => {
        const data = new Uint8Array(c.byteLength);
        c.copyTo(data);
        packets.push({ tsUs: c.timestamp, data });
      },
      error: (e) => {
        throw e;
      },
    });
    encoder.configure({ codec: "opus", sampleRate: 48_000, numberOfChannels: 1 });
    const frames = 48_000 * 1.2;
    const pcm = Float32Array.from({ length: frames }, (_, i) => 0.2 * Math.sin(i * 0.0576));
    encoder.encode(
      new AudioData({
        format: "f32",
        sampleRate: 48_000,
        numberOfFrames: frames,
        numberOfChannels: 1,
        timestamp: 0,
        data: pcm,
      }),
    );
    await encoder.flush();
    const init = writeInitSegment({
      kind: "audio",
      trackId: 1,
      timescale: 48_000,
      sampleRate: 48_000,
      channels: 1,
      preSkip: 312,
    });
    // Packets from 400 ms to 530 ms never arrive.
    const chunks = packets
      .filter((p) => p.tsUs < 400_000 || p.tsUs >= 530_000)
      .map((p) =>
        writeFragment(
          { trackId: 1, sequence: 1, baseMediaDecodeTime: Math.round((p.tsUs * 48) / 1000) },
          [{ duration: 960, data: p.data, keyframe: true }],
        ),
      );

    const fill = async (withFill: boolean) => {
      const el = document.createElement("audio");
      el.muted = true;
      const ms = new MediaSource();
      el.src = URL.createObjectURL(ms);
      await new Promise((r) => ms.addEventListener("sourceopen", r, { once: true }));
      const sb = ms.addSourceBuffer('audio/mp4; codecs="opus"');
      const append = (b: Uint8Array) =>
        new Promise<void>((resolve, reject) => {
          sb.addEventListener("updateend", () => resolve(), { once: true });
          sb.addEventListener("error", () => reject(new Error("append failed")), { once: true });
          sb.appendBuffer(b as Uint8Array<ArrayBuffer>);
        });
      await append(init);
      const gaps = new AudioGapFill(48_000);
      for (const c of chunks) {
        const silence = withFill ? gaps.before(c) : undefined;
        if (silence !== undefined) await append(silence);
        await append(c);
      }
      const ranges = Array.from({ length: sb.buffered.length }, (_, i) => [
        sb.buffered.start(i),
        sb.buffered.end(i),
      ]);
      return { el, ranges };
    };
    const without = await fill(false);
    const filled = await fill(true);
    // Played through the (filled) hole: 0.8 s of media within 3 s.
    const el = filled.el;
    await el.play();
    const t0 = performance.now();
    while (el.currentTime < 0.8 && performance.now() - t0 < 3000) {
      await new Promise((r) => setTimeout(r, 50));
    }
    return {
      without: without.ranges,
      with: filled.ranges,
      playedS: el.currentTime,
      error: el.error?.message ?? null,
    };
  });
  expect(result.without.length).toBe(2);
  expect(result.with.length).toBe(1);
  expect(result.error).toBeNull();
  expect(result.playedS).toBeGreaterThan(0.8);
});
