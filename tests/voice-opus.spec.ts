import { expect, test } from "@playwright/test";
import { OpusDecoder, OpusEncoder } from "../server/engine/voice/media/opus.ts";
import { speechLike } from "../src/core/testing/signals.ts";

/**
 * The bridge's server-side Opus (libopus in WASM) and the browser's WebCodecs
 * Opus decode each other's packets: speech-like audio survives each way with
 * an SNR of at least 15 dB.
 */

const RATE = 48000;
const FRAME = 960; // 20 ms

function toS16(x: Float32Array): Int16Array {
  return Int16Array.from(x, (v) => Math.max(-32768, Math.min(32767, Math.round(v * 32768))));
}

/** SNR in dB of `test` against `ref` at the best lag in [0, maxLag]. */
function snrDb(ref: Float32Array, test: ArrayLike<number>, maxLag: number): number {
  let best = -Infinity;
  const skip = Math.floor(ref.length / 10);
  for (let lag = 0; lag <= maxLag; lag++) {
    let s = 0;
    let e = 0;
    for (let i = skip; i < ref.length && i + lag < test.length; i++) {
      const r = ref[i] ?? 0;
      s += r * r;
      e += (r - (test[i + lag] ?? 0)) ** 2;
    }
    best = Math.max(best, 10 * Math.log10(s / Math.max(e, 1e-12)));
  }
  return best;
}

test.beforeEach(async ({ page }) => {
  await page.goto("/tests/pages/blank.html");
});

test("WebCodecs decodes the engine's Opus packets", async ({ page }) => {
  const speech = speechLike(RATE, RATE * 2, -18, 4);
  const encoder = new OpusEncoder(RATE, FRAME);
  const packets: number[][] = [];
  for (let at = 0; at + FRAME <= speech.length; at += FRAME) {
    packets.push([...encoder.encode(toS16(speech.subarray(at, at + FRAME)))]);
  }
  encoder.free();
  const decoded = await page.evaluate(async (packets) => {
    const out: number[] = [];
    const decoder = new AudioDecoder({
      output: (data) => {
        const pcm = new Float32Array(data.numberOfFrames);
        data.copyTo(pcm, { planeIndex: 0, format: "f32-planar" });
        out.push(...pcm);
        data.close();
      },
      error: (e) => {
        throw e;
      },
    });
    decoder.configure({ codec: "opus", sampleRate: 48000, numberOfChannels: 1 });
    packets.forEach((p, i) => {
      decoder.decode(
        new EncodedAudioChunk({ type: "key", timestamp: i * 20_000, data: new Uint8Array(p) }),
      );
    });
    await decoder.flush();
    return out;
  }, packets);
  const snr = snrDb(speech, decoded, FRAME);
  console.log(`engine Opus -> WebCodecs: ${snr.toFixed(1)} dB`);
  expect(snr).toBeGreaterThanOrEqual(15);
});

test("the engine decodes WebCodecs Opus packets", async ({ page }) => {
  const speech = speechLike(RATE, RATE * 2, -18, 6);
  const packets = await page.evaluate(
    async (samples) => {
      const chunks: number[][] = [];
      const encoder = new AudioEncoder({
        output: (chunk) => {
          const bytes = new Uint8Array(chunk.byteLength);
          chunk.copyTo(bytes);
          chunks.push([...bytes]);
        },
        error: (e) => {
          throw e;
        },
      });
      encoder.configure({ codec: "opus", sampleRate: 48000, numberOfChannels: 1, bitrate: 48_000 });
      const pcm = Float32Array.from(samples);
      for (let at = 0; at + 960 <= pcm.length; at += 960) {
        encoder.encode(
          new AudioData({
            format: "f32-planar",
            sampleRate: 48000,
            numberOfChannels: 1,
            numberOfFrames: 960,
            timestamp: (at / 48000) * 1e6,
            data: pcm.slice(at, at + 960),
          }),
        );
      }
      await encoder.flush();
      return chunks;
    },
    [...speech],
  );
  expect(packets.length).toBeGreaterThan(90);
  const decoder = new OpusDecoder(RATE);
  const decoded: number[] = [];
  for (const p of packets)
    for (const v of decoder.decode(new Uint8Array(p))) decoded.push(v / 32768);
  decoder.free();
  const snr = snrDb(speech, decoded, 2 * FRAME);
  console.log(`WebCodecs Opus -> engine: ${snr.toFixed(1)} dB`);
  expect(snr).toBeGreaterThanOrEqual(15);
});
