import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Core } from "./core.ts";
import { CoreErrorCode } from "./errors.ts";
import type { SampleRate } from "./rates.ts";
import { loadNodeCore } from "./testing/node-core.ts";
import {
  convolve,
  gaussian,
  roomImpulseResponse,
  seededRandom,
  speechLike,
} from "./testing/signals.ts";

let core: Core;
beforeAll(async () => {
  core = await loadNodeCore();
});
afterAll(() => core.close());

interface EchoScene {
  far: Float32Array;
  echo: Float32Array;
  noise: Float32Array;
  near: Float32Array;
}

/** Far-end speech-like signal through a known room, plus near-end noise (no near-end talk). */
function scene(rate: number, seconds: number, farDbfs: number, noiseDbfs: number): EchoScene {
  const far = speechLike(rate, rate * seconds, farDbfs, 11);
  const room = roomImpulseResponse(rate, 100, 5, 80, 0.5);
  const echo = convolve(far, room);
  const random = gaussian(seededRandom(9));
  const noise = new Float32Array(far.length).map(() => 10 ** (noiseDbfs / 20) * random());
  const near = echo.map((v, i) => v + (noise[i] ?? 0));
  return { far, echo, noise, near };
}

/**
 * ERLE per window: echo power over residual-echo power (output minus the
 * known near-end noise), with the canceller's latency taken out.
 */
function erleWindows(s: EchoScene, out: Float32Array, latency: number, window: number): number[] {
  const result: number[] = [];
  for (let from = 0; from + window + latency <= out.length; from += window) {
    let echo = 0;
    let residual = 0;
    for (let i = from; i < from + window; i++) {
      echo += (s.echo[i] ?? 0) ** 2;
      residual += ((out[i + latency] ?? 0) - (s.noise[i] ?? 0)) ** 2;
    }
    result.push(10 * Math.log10(echo / residual));
  }
  return result;
}

describe("EchoCanceller", () => {
  it("reaches >= 20 dB ERLE after convergence and converges within 2.5 s", () => {
    const rate: SampleRate = 16000;
    const s = scene(rate, 10, -20, -60);
    const aec = core.createEchoCanceller({ sampleRate: rate, filterMs: 128 });
    const out = new Float32Array(s.near.length);
    for (let at = 0; at < s.near.length; at += aec.maxFrameSamples) {
      aec.far.set(s.far.subarray(at, at + aec.maxFrameSamples));
      aec.near.set(s.near.subarray(at, at + aec.maxFrameSamples));
      aec.processFrame();
      out.set(aec.output, at);
    }
    const windowSeconds = 0.5;
    const erle = erleWindows(s, out, aec.latencySamples, rate * windowSeconds);
    const converged = erle.findIndex((_, i) => erle.slice(i).every((v) => v >= 20));
    const convergenceSeconds = (converged + 1) * windowSeconds;
    const steady = erle.slice(-8);
    expect(converged).toBeGreaterThanOrEqual(0);
    expect(convergenceSeconds).toBeLessThanOrEqual(2.5);
    expect(Math.min(...steady)).toBeGreaterThanOrEqual(20);
    expect(steady.reduce((a, b) => a + b) / steady.length).toBeGreaterThanOrEqual(25);
    expect(aec.erleDb).toBeGreaterThan(15); // its own running estimate agrees
    aec.free();
  });

  it("cancels at 48 kHz and 8 kHz too", () => {
    for (const rate of [8000, 48000] as const) {
      const s = scene(rate, 4, -20, -60);
      const aec = core.createEchoCanceller({ sampleRate: rate });
      const out = aec.process(s.far, s.near);
      const erle = erleWindows(s, out, aec.latencySamples, rate / 2);
      expect(Math.min(...erle.slice(-4))).toBeGreaterThanOrEqual(20);
      aec.free();
    }
  });

  it("delays its output by exactly one block and passes near-end signal when there is no far end", () => {
    const aec = core.createEchoCanceller({ sampleRate: 16000 });
    const near = speechLike(16000, 16000, -20, 2);
    const out = aec.process(new Float32Array(near.length), near);
    const latency = aec.latencySamples;
    expect(latency).toBe(64);
    for (let i = 0; i < near.length - latency; i++) expect(out[i + latency]).toBe(near[i]);
    aec.free();
  });

  it("rejects mismatched and oversized input", () => {
    const aec = core.createEchoCanceller({ sampleRate: 16000 });
    expect(() => aec.process(new Float32Array(10), new Float32Array(11))).toThrow(
      expect.objectContaining({ code: CoreErrorCode.InvalidArgument }),
    );
    expect(() => aec.processFrame(161)).toThrow(
      expect.objectContaining({ code: CoreErrorCode.FrameTooLong }),
    );
    expect(() => core.createEchoCanceller({ sampleRate: 16000, filterMs: 5000 })).toThrow(
      expect.objectContaining({ code: CoreErrorCode.InvalidArgument }),
    );
    aec.free();
  });
});
