import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Core } from "./core.ts";
import { CoreErrorCode } from "./errors.ts";
import type { SampleRate } from "./rates.ts";
import { loadNodeCore } from "./testing/node-core.ts";
import { gaussian, seededRandom, speechLike } from "./testing/signals.ts";

let core: Core;
beforeAll(async () => {
  core = await loadNodeCore();
});
afterAll(() => core.close());

const RATE: SampleRate = 16000;
const FRAME = RATE / 100;

function withNoise(x: Float32Array, noiseDbfs: number, seed: number): Float32Array {
  const noise = gaussian(seededRandom(seed));
  const scale = 10 ** (noiseDbfs / 20);
  return x.map((v) => v + scale * noise());
}

/** RMS level (dBFS) of the input's speech-active 10 ms frames, measured on `y`. */
function activeLevel(x: Float32Array, y: Float32Array, from: number, to: number): number {
  let energy = 0;
  let count = 0;
  for (let f = from; f + FRAME <= to; f += FRAME) {
    let ex = 0;
    for (let i = f; i < f + FRAME; i++) ex += (x[i] ?? 0) ** 2;
    if (10 * Math.log10(ex / FRAME) < -55) continue; // pauses
    for (let i = f; i < f + FRAME; i++) energy += (y[i] ?? 0) ** 2;
    count += FRAME;
  }
  return 10 * Math.log10(energy / count);
}

describe("Agc", () => {
  it("brings quiet speech (-40 dBFS) to the -18 dBFS target and reports convergence time", () => {
    const agc = core.createAgc({ sampleRate: RATE });
    const x = withNoise(speechLike(RATE, RATE * 12, -40, 3), -75, 5);
    const y = new Float32Array(x.length);
    let convergedAt = Number.NaN;
    for (let at = 0; at < x.length; at += FRAME) {
      agc.frame.set(x.subarray(at, at + FRAME));
      agc.processFrame();
      y.set(agc.frame, at);
      // Converged: output speech level within 2 dB of target over the last second.
      if (
        Number.isNaN(convergedAt) &&
        at >= RATE &&
        Math.abs(activeLevel(x, y, at - RATE, at) + 18) <= 2
      ) {
        convergedAt = at / RATE;
      }
    }
    const finalLevel = activeLevel(x, y, RATE * 8, RATE * 12);
    expect(Math.abs(finalLevel + 18)).toBeLessThanOrEqual(1.5);
    expect(convergedAt).toBeLessThanOrEqual(6); // 22 dB at 6 dB/s ≈ 3.7 s plus estimation
    expect(agc.gainDb).toBeGreaterThan(18);
    expect(agc.gainDb).toBeLessThanOrEqual(30);
    agc.free();
  });

  it("turns loud speech (-6 dBFS) down and never lets a sample exceed the limiter ceiling", () => {
    const agc = core.createAgc({ sampleRate: RATE, limiterDbfs: -1 });
    const x = speechLike(RATE, RATE * 8, -6, 8);
    // Add full-scale bursts and a step to the worst case.
    for (let i = RATE; i < RATE + 200; i++) x[i] = i % 2 ? 1 : -1;
    for (let i = RATE * 3; i < RATE * 3 + 4000; i++) x[i] = 0.999 * Math.sign(Math.sin(i / 7));
    const y = agc.process(x);
    const ceiling = 10 ** (-1 / 20);
    let peak = 0;
    for (const v of y) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeLessThanOrEqual(ceiling);
    expect(agc.gainDb).toBeLessThan(-8);
    const lastSeconds = activeLevel(x, y, RATE * 5, RATE * 8);
    expect(Math.abs(lastSeconds + 18)).toBeLessThanOrEqual(2.5);
    agc.free();
  });

  it("never clips whatever the chunk size, even with the maximum gain", () => {
    const random = seededRandom(4);
    const agc = core.createAgc({ sampleRate: 48000, maxGainDb: 60, limiterDbfs: 0 });
    const x = speechLike(48000, 48000 * 4, -50, 9);
    for (let i = 48000 * 2; i < 48000 * 2 + 9600; i++) x[i] = Math.sin(i / 3); // sudden full scale
    let peak = 0;
    for (let at = 0; at < x.length; ) {
      const n = Math.min(x.length - at, 1 + Math.floor(random() * 480));
      agc.frame.set(x.subarray(at, at + n));
      agc.processFrame(n);
      for (const v of agc.frame.subarray(0, n)) peak = Math.max(peak, Math.abs(v));
      at += n;
    }
    expect(peak).toBeLessThanOrEqual(1);
    agc.free();
  });

  it("does not lift background noise above -50 dBFS", () => {
    const agc = core.createAgc({ sampleRate: RATE });
    const noise = withNoise(new Float32Array(RATE * 6), -65, 12);
    const y = agc.process(noise);
    let energy = 0;
    for (let i = RATE * 3; i < y.length; i++) energy += (y[i] ?? 0) ** 2;
    const level = 10 * Math.log10(energy / (y.length - RATE * 3));
    expect(level).toBeLessThanOrEqual(-50 + 0.5);
    expect(agc.noiseLevelDbfs).toBeGreaterThan(-70);
    agc.free();
  });

  it("validates its options", () => {
    expect(() => core.createAgc({ sampleRate: 11025 as SampleRate })).toThrow(
      expect.objectContaining({ code: CoreErrorCode.UnsupportedRate }),
    );
    expect(() => core.createAgc({ sampleRate: RATE, targetLevelDbfs: 3 })).toThrow(
      expect.objectContaining({ code: CoreErrorCode.InvalidArgument }),
    );
    const agc = core.createAgc({ sampleRate: RATE });
    expect(() => agc.processFrame(FRAME + 1)).toThrow(
      expect.objectContaining({ code: CoreErrorCode.FrameTooLong }),
    );
    agc.free();
  });
});

describe("Agc.processFrame on another processor's heap view", () => {
  it("matches the frame path and refuses views outside the core's heap", () => {
    const x = speechLike(RATE, FRAME * 50, -40, 9);
    const viaFrame = core.createAgc({ sampleRate: RATE });
    const inPlace = core.createAgc({ sampleRate: RATE });
    const resampler = core.createResampler({
      inputRate: RATE,
      outputRate: 8000,
      maxInputSamples: FRAME,
    });
    for (let f = 0; f < x.length; f += FRAME) {
      const chunk = x.subarray(f, f + FRAME);
      viaFrame.frame.set(chunk);
      viaFrame.processFrame(FRAME);
      resampler.input.set(chunk);
      inPlace.processFrame(FRAME, resampler.input);
      expect(Array.from(resampler.input.subarray(0, FRAME))).toEqual(
        Array.from(viaFrame.frame.subarray(0, FRAME)),
      );
    }
    expect(() => inPlace.processFrame(FRAME, new Float32Array(FRAME))).toThrow(
      expect.objectContaining({ code: CoreErrorCode.InvalidArgument }),
    );
    viaFrame.free();
    inPlace.free();
    resampler.free();
  });
});
