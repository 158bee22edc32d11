// WASM audio core vs plain TypeScript ports of the same algorithms, side by side
// in one process (src/core/reference/*: same results, checked in reference.test.ts).
// WASM cases keep their data in the WASM heap (the frame API), the way the SDK
// runs them; the TypeScript cases work on ordinary typed arrays. Each figure is
// the median of interleaved batches, so both sides see the same machine load.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadCore } from "../src/core/load.ts";
import { EchoCancellerTs } from "../src/core/reference/aec.ts";
import { AgcTs } from "../src/core/reference/agc.ts";
import {
  alawDecodeTs,
  alawEncodeTs,
  mulawDecodeTs,
  mulawEncodeTs,
} from "../src/core/reference/g711-fast.ts";
import { ResamplerTs } from "../src/core/reference/resampler.ts";
import { coreWasmPath } from "../src/core/testing/node-core.ts";
import { convolve, roomImpulseResponse, speechLike } from "../src/core/testing/signals.ts";
import type { BenchResult } from "./types.ts";

const WARMUP_MS = 100;
const BATCH_MS = 40;
const RUNS = 7;

let sink = 0;

/** Seconds per call of `fn`, median over interleaved batches of both sides. */
function compare(wasm: () => void, ts: () => void): { wasm: number; ts: number } {
  const calibrate = (fn: () => void): number => {
    const until = performance.now() + WARMUP_MS;
    let n = 0;
    while (performance.now() < until) {
      fn();
      n++;
    }
    return Math.max(1, Math.round((n * BATCH_MS) / WARMUP_MS));
  };
  const iw = calibrate(wasm);
  const it = calibrate(ts);
  const time = (fn: () => void, n: number) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    return (performance.now() - t0) / 1000 / n;
  };
  const w: number[] = [];
  const t: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    w.push(time(wasm, iw));
    t.push(time(ts, it));
  }
  const median = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1] ?? Number.NaN;
  return { wasm: median(w), ts: median(t) };
}

/** A higher-is-better figure from seconds per call. */
function result(
  name: string,
  unit: string,
  perCall: { wasm: number; ts: number },
  work: number,
  note: string,
): BenchResult {
  const value = work / perCall.wasm;
  const baseline = work / perCall.ts;
  return { name, unit, value, baseline, ratio: value / baseline, note };
}

export async function run(): Promise<BenchResult[]> {
  const core = await loadCore(readFileSync(resolve(coreWasmPath())));
  const results: BenchResult[] = [];
  const pcmWave = Int16Array.from({ length: 480_000 }, (_, i) =>
    Math.round(20000 * Math.sin(i * 0.0123) * Math.sin(i * 0.00071)),
  );

  // --- G.711 -------------------------------------------------------------------------------
  const laws = [
    ["µ-law", "mulaw", mulawEncodeTs, mulawDecodeTs],
    ["A-law", "alaw", alawEncodeTs, alawDecodeTs],
  ] as const;
  for (const [label, law, encTs, decTs] of laws) {
    const bulk = core.createG711Codec({ law, frameSamples: pcmWave.length });
    bulk.pcm.set(pcmWave);
    bulk.encodeFrame();
    const tsCodes = new Uint8Array(pcmWave.length);
    const tsPcm = new Int16Array(pcmWave.length);
    encTs(pcmWave, tsCodes);
    const n = pcmWave.length;
    const note = "10 s at 48 kHz in one call";
    results.push(
      result(
        `${label} encode, bulk`,
        "Msamples/s",
        compare(
          () => bulk.encodeFrame(),
          () => encTs(pcmWave, tsCodes),
        ),
        n / 1e6,
        note,
      ),
      result(
        `${label} decode, bulk`,
        "Msamples/s",
        compare(
          () => bulk.decodeFrame(),
          () => decTs(tsCodes, tsPcm),
        ),
        n / 1e6,
        note,
      ),
    );
    bulk.free();

    // 20 ms at 8 kHz: 160 samples, buffers already in the heap (as after the resampler).
    const frame = core.createG711Codec({ law, frameSamples: 160 });
    frame.pcm.set(pcmWave.subarray(0, 160));
    frame.encodeFrame();
    const tsFramePcm = pcmWave.slice(0, 160);
    const tsFrameCodes = new Uint8Array(160);
    const tsFrameOut = new Int16Array(160);
    encTs(tsFramePcm, tsFrameCodes);
    const frameNote = "160 samples (20 ms at 8 kHz), in-heap buffers";
    results.push(
      result(
        `${label} encode, per 20 ms frame`,
        "Mframes/s",
        compare(
          () => frame.encodeFrame(),
          () => encTs(tsFramePcm, tsFrameCodes),
        ),
        1e-6,
        frameNote,
      ),
      result(
        `${label} decode, per 20 ms frame`,
        "Mframes/s",
        compare(
          () => frame.decodeFrame(),
          () => decTs(tsFrameCodes, tsFrameOut),
        ),
        1e-6,
        frameNote,
      ),
    );
    // The same frame with one copy in from a JS array (audio arriving from outside the heap).
    results.push(
      result(
        `${label} encode, per 20 ms frame, copy in`,
        "Mframes/s",
        compare(
          () => {
            frame.pcm.set(tsFramePcm);
            frame.encodeFrame();
          },
          () => encTs(tsFramePcm, tsFrameCodes),
        ),
        1e-6,
        "as above plus pcm.set() of the JS frame into the heap",
      ),
    );
    sink += frame.codes[0] ?? 0;
    frame.free();
  }

  // --- resampler 48 -> 16 kHz, 20 ms frames --------------------------------------------------
  {
    const r = core.createResampler({ inputRate: 48000, outputRate: 16000 });
    const ts = new ResamplerTs(48000, 16000);
    const input = speechLike(48000, 960, -20, 4);
    r.input.set(input);
    const out = new Float32Array(r.maxOutputSamples);
    results.push(
      result(
        "resample 48 -> 16 kHz, per 20 ms frame",
        "× real time",
        compare(
          () => {
            sink += r.processFrame();
          },
          () => {
            sink += ts.process(input, 960, out);
          },
        ),
        0.02,
        `${r.tapsPerPhase} taps per output, in-heap buffers`,
      ),
    );
    r.free();
  }

  // --- AGC, 10 ms frames at 48 kHz ----------------------------------------------------------
  {
    const agc = core.createAgc({ sampleRate: 48000 });
    const ts = new AgcTs(48000);
    const speech = speechLike(48000, 48000, -35, 5);
    const frame = speech.slice(0, 480);
    let at = 0;
    results.push(
      result(
        "AGC, per 10 ms frame at 48 kHz",
        "× real time",
        compare(
          () => {
            agc.frame.set(speech.subarray(at, at + 480));
            agc.processFrame();
            at = (at + 480) % 47520;
          },
          () => {
            frame.set(speech.subarray(at, at + 480));
            ts.process(frame);
            at = (at + 480) % 47520;
          },
        ),
        0.01,
        "level estimate + gain + limiter, in place",
      ),
    );
    agc.free();
  }

  // --- AEC, 10 ms frames --------------------------------------------------------------------
  for (const rate of [16000, 48000] as const) {
    const aec = core.createEchoCanceller({ sampleRate: rate, filterMs: 128 });
    const ts = new EchoCancellerTs(rate, 128);
    const frame = rate / 100;
    const far = speechLike(rate, rate, -20, 6);
    const near = convolve(far, roomImpulseResponse(rate, 60, 3, 50));
    const out = new Float32Array(frame);
    let at = 0;
    const span = far.length - frame;
    results.push(
      result(
        `AEC, per 10 ms frame at ${rate / 1000} kHz`,
        "× real time",
        compare(
          () => {
            aec.far.set(far.subarray(at, at + frame));
            aec.near.set(near.subarray(at, at + frame));
            aec.processFrame();
            at = (at + frame) % span;
          },
          () => {
            ts.process(far.subarray(at, at + frame), near.subarray(at, at + frame), out);
            at = (at + frame) % span;
          },
        ),
        0.01,
        `128 ms filter: ${ts.parts} partitions of ${ts.block}, one core`,
      ),
    );
    aec.free();
  }

  core.close();
  if (sink === Number.MIN_VALUE) console.log(sink);
  return results;
}
