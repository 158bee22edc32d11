// Fake-microphone WAV files for the softphone tests and benchmark, written
// once under .cache/softphone/ (Chromium loops the file as the microphone).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

export const FIXTURE_RATE = 48_000;
const DIR = resolve(import.meta.dirname, "../.cache/softphone");

/** The tone sequence: each tone 200 ms with 10 ms ramps, then 100 ms of silence; the file loops. */
export const TONES_HZ = [500, 700, 900, 1100, 1300, 1500] as const;
export const TONE_MS = 200;
export const TONE_GAP_MS = 100;

function wav(samples: Float32Array): Buffer {
  const b = Buffer.alloc(44 + samples.length * 2);
  b.write("RIFF", 0);
  b.writeUInt32LE(36 + samples.length * 2, 4);
  b.write("WAVEfmt ", 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(FIXTURE_RATE, 24);
  b.writeUInt32LE(FIXTURE_RATE * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write("data", 36);
  b.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] as number));
    b.writeInt16LE(Math.round(s * 32767), 44 + i * 2);
  }
  return b;
}

function writeOnce(name: string, make: () => Float32Array): string {
  const path = resolve(DIR, name);
  if (!existsSync(path)) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(path, wav(make()));
  }
  return path;
}

/** The looping tone sequence; returns its path. */
export function tonesWav(): string {
  return writeOnce("tones-v1.wav", () => {
    const per = ((TONE_MS + TONE_GAP_MS) * FIXTURE_RATE) / 1000;
    const tone = (TONE_MS * FIXTURE_RATE) / 1000;
    const ramp = (10 * FIXTURE_RATE) / 1000;
    const out = new Float32Array(per * TONES_HZ.length);
    TONES_HZ.forEach((hz, k) => {
      for (let i = 0; i < tone; i++) {
        const env = Math.min(1, i / ramp, (tone - i) / ramp);
        out[k * per + i] = 0.5 * env * Math.sin((2 * Math.PI * hz * i) / FIXTURE_RATE);
      }
    });
    return out;
  });
}

/** Chirp length, ms: a 10 ms Hann-windowed 1–6 kHz sweep. */
export const CHIRP_MS = 10;

/** The chirp template at 48 kHz. */
export function chirp(): Float32Array {
  const n = (CHIRP_MS * FIXTURE_RATE) / 1000;
  const out = new Float32Array(n);
  const f0 = 1_000;
  const f1 = 6_000;
  const T = n / FIXTURE_RATE;
  for (let i = 0; i < n; i++) {
    const t = i / FIXTURE_RATE;
    const phase = 2 * Math.PI * (f0 * t + ((f1 - f0) * t * t) / (2 * T));
    const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    out[i] = 0.7 * hann * Math.sin(phase);
  }
  return out;
}

/** `seconds` of chirps at random 200–300 ms spacing (a fixed seed); returns its path. */
export function chirpsWav(seconds: number): string {
  return writeOnce(`chirps-${seconds}s-v1.wav`, () => {
    const out = new Float32Array(seconds * FIXTURE_RATE);
    const c = chirp();
    let seed = 12_345;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fff_ffff;
      return seed / 0x7fff_ffff;
    };
    for (let at = 0.1 * FIXTURE_RATE; at + c.length < out.length; ) {
      out.set(c, Math.round(at));
      at += ((200 + 100 * random()) * FIXTURE_RATE) / 1000;
    }
    return out;
  });
}
