import assert from "node:assert/strict";
import { speechLike } from "../../../../src/core/testing/signals.ts";
import {
  type AudioFormat,
  resolveFormat,
  VOICE_CODECS,
} from "../../../../src/voice/bridge/format.ts";
import { engineCore } from "./core.ts";
import { createFrameDecoder, createFrameEncoder } from "./frame-codec.ts";
import { Transcoder } from "./transcoder.ts";

const core = await engineCore();
const SECONDS = 2;

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Cuts `signal` into frames of `format` and encodes them. */
function encodeAll(signal: Float32Array, format: AudioFormat): Uint8Array[] {
  const n = (format.sampleRate * format.frameMs) / 1000;
  const encoder = createFrameEncoder(core, format);
  const frames: Uint8Array[] = [];
  for (let at = 0; at + n <= signal.length; at += n)
    frames.push(encoder.encode(signal.subarray(at, at + n)));
  encoder.free();
  return frames;
}

function decodeAll(frames: Uint8Array[], format: AudioFormat): Float32Array {
  const decoder = createFrameDecoder(core, format);
  const out = concat(frames.map((f) => decoder.decode(f)));
  decoder.free();
  return out;
}

function resample(x: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return x;
  const r = core.createResampler({
    inputRate: from as 8000,
    outputRate: to as 8000,
    maxInputSamples: 4800,
  });
  const y = r.process(x);
  r.free();
  return y;
}

/** SNR in dB of `test` against `ref` at the best lag in [0, maxLag] (codec and filter delays). */
function snrDb(ref: Float32Array, test: Float32Array, maxLag: number): number {
  let best = -Infinity;
  const skip = Math.floor(ref.length / 10); // past the codecs' start-up
  for (let lag = 0; lag <= maxLag; lag++) {
    let s = 0;
    let e = 0;
    for (let i = skip; i + lag < test.length && i < ref.length; i++) {
      const r = ref[i] ?? 0;
      s += r * r;
      e += (r - (test[i + lag] ?? 0)) ** 2;
    }
    best = Math.max(best, 10 * Math.log10(s / Math.max(e, 1e-12)));
  }
  return best;
}

const floor = (a: AudioFormat, b: AudioFormat) =>
  a.codec === "opus" || b.codec === "opus" ? 15 : 35;

for (const legCodec of ["g711_ulaw", "g711_alaw"] as const) {
  const leg = resolveFormat({ codec: legCodec });
  for (const codec of VOICE_CODECS) {
    const bridge = resolveFormat({
      codec,
      sampleRate: codec.startsWith("g711") ? 8000 : codec === "opus" ? 48000 : 16000,
    });
    Deno.test(`transcode ${legCodec} -> ${codec}@${bridge.sampleRate} keeps speech above ${floor(leg, bridge)} dB`, () => {
      const original = speechLike(8000, 8000 * SECONDS, -20, 3);
      const legFrames = encodeAll(original, leg);
      const t = new Transcoder(core, leg, bridge);
      const out = legFrames.flatMap((f) => t.push(f));
      t.free();
      assert.ok(out.length >= legFrames.length - 1, "frames lost");
      const decoded = decodeAll(out, bridge);
      const reference = resample(decodeAll(legFrames, leg), 8000, bridge.sampleRate);
      const snr = snrDb(reference, decoded, bridge.sampleRate / 50);
      assert.ok(snr >= floor(leg, bridge), `SNR ${snr.toFixed(1)} dB`);
      console.log(`${legCodec} -> ${codec}: ${snr.toFixed(1)} dB`);
    });
    Deno.test(`transcode ${codec}@${bridge.sampleRate} -> ${legCodec} keeps speech above ${floor(leg, bridge)} dB`, () => {
      const original = speechLike(bridge.sampleRate, bridge.sampleRate * SECONDS, -20, 5);
      const frames = encodeAll(original, bridge);
      const t = new Transcoder(core, bridge, leg);
      const out = frames.flatMap((f) => t.push(f));
      t.free();
      const decoded = decodeAll(out, leg);
      const reference = resample(decodeAll(frames, bridge), bridge.sampleRate, 8000);
      const snr = snrDb(reference, decoded, 8000 / 50);
      assert.ok(snr >= floor(leg, bridge), `SNR ${snr.toFixed(1)} dB`);
      console.log(`${codec} -> ${legCodec}: ${snr.toFixed(1)} dB`);
    });
  }
}

Deno.test("µ-law -> A-law against the original PCM: as close as any code-to-code mapping can get", () => {
  // µ-law then A-law stacks two quantisations. However a transcoder maps µ-law codes
  // to A-law codes (decode and re-encode, or a G.711 conversion table), the best it
  // can do for a signal is to give each µ-law code the A-law code with the least
  // squared error over that signal's own samples: this bound is computed here.
  const ulaw = resolveFormat({ codec: "g711_ulaw" });
  const alaw = resolveFormat({ codec: "g711_alaw" });
  const original = speechLike(8000, 8000 * SECONDS, -20, 5);
  const pcm = Int16Array.from(original, (v) =>
    Math.max(-32768, Math.min(32767, Math.round(v * 32768))),
  );
  const legFrames = encodeAll(original, ulaw);
  const t = new Transcoder(core, ulaw, alaw);
  const out = legFrames.flatMap((f) => t.push(f));
  t.free();
  const codec = core.createG711Codec({ law: "alaw", frameSamples: 256 });
  const alawLevels = codec.decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  codec.free();
  const ulawCodes = legFrames.flatMap((f) => [...f]);
  const sumSq = Array.from({ length: 256 }, () => new Float64Array(256));
  ulawCodes.forEach((u, i) => {
    const row = sumSq[u]!;
    const x = pcm[i]!;
    for (let a = 0; a < 256; a++) row[a]! += (alawLevels[a]! - x) ** 2;
  });
  let signal = 0;
  let boundNoise = 0;
  let engineNoise = 0;
  const engine = out.flatMap((f) => [...f]);
  for (let i = 0; i < ulawCodes.length; i++) {
    signal += pcm[i]! ** 2;
    engineNoise += (alawLevels[engine[i]!]! - pcm[i]!) ** 2;
  }
  for (const row of sumSq) boundNoise += Math.min(...row);
  const engineDb = 10 * Math.log10(signal / engineNoise);
  const boundDb = 10 * Math.log10(signal / boundNoise);
  console.log(
    `µ-law -> A-law vs original: ${engineDb.toFixed(2)} dB (best code mapping: ${boundDb.toFixed(2)} dB)`,
  );
  assert.equal(engine.length, ulawCodes.length, "a byte-for-byte mapping: no delay, no frame lost");
  assert.ok(engineDb >= boundDb - 0.1, `${engineDb.toFixed(2)} dB, bound ${boundDb.toFixed(2)} dB`);
});
