// Cost of the voice bridge's transcoding per call: CPU µs per 20 ms frame for
// each direction (PSTN µ-law ↔ Opus 48 kHz, µ-law ↔ pcm16 16 kHz) on the
// engine's own pipeline (WASM core G.711 + resampler, libopus in WASM), and the
// calls one core sustains from that (transcoding only, relay I/O not counted).
// Baseline: the µ-law ↔ pcm16 call, measured in the same run.

import { createFrameEncoder } from "../server/engine/voice/media/frame-codec.ts";
import { Transcoder } from "../server/engine/voice/media/transcoder.ts";
import { loadNodeCore } from "../src/core/testing/node-core.ts";
import { speechLike } from "../src/core/testing/signals.ts";
import { resolveFormat } from "../src/voice/bridge/format.ts";
import type { BenchResult } from "./types.ts";

const FRAMES = Number(process.env.VOICE_BENCH_FRAMES ?? 1500);
const FRAME_US = 20_000;

export async function run(): Promise<BenchResult[]> {
  const core = await loadNodeCore();
  const leg = resolveFormat({ codec: "g711_ulaw" });
  const targets = {
    opus: resolveFormat({ codec: "opus", sampleRate: 48000 }),
    pcm16: resolveFormat({ codec: "pcm16", sampleRate: 16000 }),
  };
  /** Encoded frames of 30 s of speech-like audio in `format`, cycled through. */
  const framesOf = (format: typeof leg) => {
    const n = (format.sampleRate * format.frameMs) / 1000;
    const signal = speechLike(format.sampleRate, n * 200, -20, 11);
    const encoder = createFrameEncoder(core, format);
    const out: Uint8Array[] = [];
    for (let at = 0; at + n <= signal.length; at += n)
      out.push(encoder.encode(signal.subarray(at, at + n)));
    encoder.free();
    return out;
  };
  /** CPU µs per frame through a fresh transcoder, after a warm-up. */
  const cpuUsPerFrame = (from: typeof leg, to: typeof leg): number => {
    const input = framesOf(from);
    const t = new Transcoder(core, from, to);
    for (let i = 0; i < 200; i++) t.push(input[i % input.length]!);
    const start = process.cpuUsage();
    for (let i = 0; i < FRAMES; i++) t.push(input[i % input.length]!);
    const used = process.cpuUsage(start);
    t.free();
    return (used.user + used.system) / FRAMES;
  };
  const results: BenchResult[] = [];
  const perCall: Record<string, number> = {};
  for (const [name, target] of Object.entries(targets)) {
    const up = cpuUsPerFrame(leg, target);
    const down = cpuUsPerFrame(target, leg);
    perCall[name] = up + down;
    results.push(
      { name: `µ-law → ${name}@${target.sampleRate}`, unit: "µs CPU / 20 ms frame", value: up },
      { name: `${name}@${target.sampleRate} → µ-law`, unit: "µs CPU / 20 ms frame", value: down },
    );
  }
  const base = perCall.pcm16!;
  for (const [name, us] of Object.entries(perCall)) {
    results.push({
      name: `calls per core, µ-law ↔ ${name}`,
      unit: "calls",
      value: Math.floor(FRAME_US / us),
      ...(name !== "pcm16" && { baseline: Math.floor(FRAME_US / base), ratio: base / us }),
      note: `${us.toFixed(0)} µs CPU per call per 20 ms, both directions; transcoding only`,
    });
  }
  core.close();
  return results;
}
