import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Core } from "./core.ts";
import { CoreErrorCode } from "./errors.ts";
import { SAMPLE_RATES, type SampleRate } from "./rates.ts";
import type { Resampler } from "./resampler.ts";
import { loadNodeCore } from "./testing/node-core.ts";
import { fitSine, meanSquare, seededRandom, sine } from "./testing/signals.ts";

let core: Core;
beforeAll(async () => {
  core = await loadNodeCore();
});
afterAll(() => core.close());

const PAIRS = SAMPLE_RATES.flatMap((a) =>
  SAMPLE_RATES.filter((b) => b !== a).map((b) => [a, b] as const),
);
const AMPLITUDE = 0.5;

/** Output of a fresh stream for one test tone, with the samples to skip while the filter fills. */
function tone(r: Resampler, frequency: number, seconds: number): { y: Float32Array; skip: number } {
  r.reset();
  const y = r.process(sine(frequency, r.inputRate, Math.round(r.inputRate * seconds), AMPLITUDE));
  const skip = Math.ceil(((r.delayInputSamples * 2 + r.tapsPerPhase) * r.outputRate) / r.inputRate);
  return { y, skip };
}

const dB = (ratio: number) => 20 * Math.log10(ratio);

describe.each(PAIRS)(
  "Resampler %i Hz -> %i Hz",
  (inputRate: SampleRate, outputRate: SampleRate) => {
    it("is flat within 0.1 dB to 0.9 x Nyquist, >= 60 dB down in the stopband, images >= 60 dB down", () => {
      const r = core.createResampler({ inputRate, outputRate, maxInputSamples: 4800 });
      const nyquist = Math.min(inputRate, outputRate) / 2;
      // Stepped sine sweep across the passband.
      const gains: number[] = [];
      let worstImage = Number.NEGATIVE_INFINITY;
      for (let k = 0; k <= 24; k++) {
        const f = 20 + ((0.9 * nyquist - 20) * k) / 24;
        const { y, skip } = tone(r, f, 0.25);
        const fit = fitSine(y, f, outputRate, skip, y.length - skip);
        gains.push(dB(fit.amplitude / AMPLITUDE));
        worstImage = Math.max(worstImage, dB(fit.residualRms / (AMPLITUDE / Math.SQRT2)));
      }
      const ripple = Math.max(...gains) - Math.min(...gains);
      expect(ripple).toBeLessThanOrEqual(0.1);
      expect(Math.max(...gains.map(Math.abs))).toBeLessThan(0.1);
      expect(worstImage).toBeLessThanOrEqual(-60);
      // Downsampling: tones between the output and input Nyquist must not alias back.
      if (inputRate > outputRate) {
        let worstStop = Number.NEGATIVE_INFINITY;
        for (let k = 0; k <= 12; k++) {
          const f = nyquist + ((inputRate / 2 - nyquist) * k) / 12 + (k === 12 ? -1 : 1);
          const { y, skip } = tone(r, f, 0.25);
          const rms = Math.sqrt(meanSquare(y, skip, y.length - skip));
          worstStop = Math.max(worstStop, dB(rms / (AMPLITUDE / Math.SQRT2)));
        }
        expect(worstStop).toBeLessThanOrEqual(-60);
      }
      r.free();
    });
  },
);

describe("Resampler streaming", () => {
  it("gives the same samples for any chunking (no seams at frame edges)", () => {
    const random = seededRandom(3);
    const input = sine(997, 48000, 48000, 0.7);
    for (const [inputRate, outputRate] of [
      [48000, 16000],
      [16000, 48000],
      [44100, 8000],
      [8000, 44100],
    ] as const) {
      const a = core.createResampler({ inputRate, outputRate, maxInputSamples: 4096 });
      const b = core.createResampler({ inputRate, outputRate, maxInputSamples: 4096 });
      const whole = a.process(input);
      const parts = new Float32Array(whole.length + 1);
      let written = 0;
      for (let at = 0; at < input.length; ) {
        const n = Math.min(input.length - at, 1 + Math.floor(random() * 700));
        b.input.set(input.subarray(at, at + n));
        const produced = b.processFrame(n);
        parts.set(b.output.subarray(0, produced), written);
        written += produced;
        at += n;
      }
      expect(written).toBe(whole.length);
      expect(parts.subarray(0, written).every((v, i) => v === whole[i])).toBe(true);
      // Output count tracks the rate ratio exactly.
      expect(Math.abs(whole.length - (input.length * outputRate) / inputRate)).toBeLessThanOrEqual(
        1,
      );
      a.free();
      b.free();
    }
  });

  it("streams 20 ms frames of a sine without clicks", () => {
    const r = core.createResampler({ inputRate: 48000, outputRate: 16000 });
    const x = sine(440, 48000, 48000, 0.9);
    const y = new Float32Array(16000);
    let written = 0;
    for (let at = 0; at < x.length; at += r.maxInputSamples) {
      r.input.set(x.subarray(at, at + r.maxInputSamples));
      const produced = r.processFrame();
      y.set(r.output.subarray(0, produced), written);
      written += produced;
    }
    expect(written).toBe(16000);
    // Project onto sin/cos to get amplitude and phase, then check every sample.
    const w = (2 * Math.PI * 440) / 16000;
    const skip = 200;
    let a = 0;
    let b = 0;
    for (let i = skip; i < y.length; i++) {
      a += (y[i] ?? 0) * Math.sin(w * i);
      b += (y[i] ?? 0) * Math.cos(w * i);
    }
    const amplitude = fitSine(y, 440, 16000, skip, y.length).amplitude;
    const phase = Math.atan2(b, a);
    let worst = 0;
    for (let i = skip; i < y.length; i++) {
      worst = Math.max(worst, Math.abs((y[i] ?? 0) - amplitude * Math.sin(w * i + phase)));
    }
    expect(amplitude).toBeCloseTo(0.9, 2);
    expect(worst).toBeLessThan(1e-3);
    r.free();
  });

  it("rejects unsupported rates and oversized frames with typed errors", () => {
    expect(() =>
      core.createResampler({ inputRate: 22050 as SampleRate, outputRate: 16000 }),
    ).toThrow(expect.objectContaining({ code: CoreErrorCode.UnsupportedRate }));
    const r = core.createResampler({ inputRate: 48000, outputRate: 8000 });
    expect(r.maxInputSamples).toBe(960);
    expect(() => r.processFrame(961)).toThrow(
      expect.objectContaining({ code: CoreErrorCode.FrameTooLong }),
    );
    r.free();
    expect(() => r.processFrame(10)).toThrow(
      expect.objectContaining({ code: CoreErrorCode.Freed }),
    );
  });
});
