import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Core } from "../core.ts";
import { loadNodeCore } from "../testing/node-core.ts";
import {
  convolve,
  gaussian,
  roomImpulseResponse,
  seededRandom,
  sine,
  speechLike,
} from "../testing/signals.ts";
import { EchoCancellerTs } from "./aec.ts";
import { AgcTs } from "./agc.ts";
import { alawDecodeTs, alawEncodeTs, mulawDecodeTs, mulawEncodeTs } from "./g711-fast.ts";
import { ResamplerTs } from "./resampler.ts";

// The benchmark compares WASM with these TypeScript ports: they must compute the same thing.
let core: Core;
beforeAll(async () => {
  core = await loadNodeCore();
});
afterAll(() => core.close());

const maxDiff = (a: Float32Array, b: Float32Array) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] ?? 0))), 0);

describe("TypeScript baselines", () => {
  it("G.711 matches the WASM codec on every input", () => {
    const pcm = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
    const codes = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const [law, enc, dec] of [
      ["mulaw", mulawEncodeTs, mulawDecodeTs],
      ["alaw", alawEncodeTs, alawDecodeTs],
    ] as const) {
      const codec = core.createG711Codec({ law, frameSamples: 65536 });
      const ts = new Uint8Array(65536);
      enc(pcm, ts);
      expect(ts).toEqual(codec.encode(pcm));
      const decoded = new Int16Array(256);
      dec(codes, decoded);
      expect(decoded).toEqual(codec.decode(codes));
      codec.free();
    }
  });

  it("resampler matches the WASM resampler", () => {
    const x = sine(1234, 48000, 9600, 0.8);
    const wasm = core.createResampler({
      inputRate: 48000,
      outputRate: 16000,
      maxInputSamples: 9600,
    });
    const ts = new ResamplerTs(48000, 16000);
    const out = new Float32Array(4000);
    const n = ts.process(x, x.length, out);
    const y = wasm.process(x);
    expect(n).toBe(y.length);
    expect(maxDiff(out.subarray(0, n), y)).toBeLessThan(1e-5);
    wasm.free();
  });

  it("AGC matches the WASM AGC", () => {
    const x = speechLike(16000, 16000 * 3, -35, 2);
    const wasm = core.createAgc({ sampleRate: 16000 }).process(x);
    const ts = x.slice();
    const agc = new AgcTs(16000);
    for (let at = 0; at < ts.length; at += 160) agc.process(ts.subarray(at, at + 160));
    expect(maxDiff(ts, wasm)).toBeLessThan(1e-3);
  });

  it("echo canceller matches the WASM echo canceller", () => {
    const rate = 16000;
    const far = speechLike(rate, rate * 2, -20, 11);
    const random = gaussian(seededRandom(1));
    const near = convolve(far, roomImpulseResponse(rate, 60, 3, 50)).map(
      (v) => v + 1e-3 * random(),
    );
    const wasm = core.createEchoCanceller({ sampleRate: rate }).process(far, near);
    const out = new Float32Array(near.length);
    new EchoCancellerTs(rate).process(far, near, out);
    expect(maxDiff(out, wasm)).toBeLessThan(1e-3);
  });
});
