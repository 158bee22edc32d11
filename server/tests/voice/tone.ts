// Speaking a tone into a pcm16 bridge in real time and measuring it in what
// comes back (Goertzel), for the voice integration tests in Deno and Node.
import type { AudioBridge } from "../../../src/voice/bridge/audio-bridge.ts";

/** Fraction of a frame's energy at `hz` (Goertzel), 0..1. */
export function toneShare(pcm: Int16Array, hz: number, rate: number): number {
  const coeff = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (const v of pcm) {
    const s0 = v + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
    energy += v * v;
  }
  return energy === 0 ? 0 : (2 * (s1 * s1 + s2 * s2 - coeff * s1 * s2)) / (pcm.length * energy);
}

/** The samples of a pcm16 frame as delivered by `onFrame`. */
export function pcm16(frame: Uint8Array): Int16Array {
  return new Int16Array(frame.slice().buffer);
}

/**
 * Writes `frames` 20 ms frames of a `hz` tone into a pcm16 bridge at `rate`,
 * paced in real time with capture timestamps; resolves with the start (ms since the epoch).
 */
export async function speakTone(
  bridge: AudioBridge,
  hz: number,
  rate: number,
  frames: number,
): Promise<number> {
  const frameSamples = rate / 50;
  const startMs = Date.now();
  for (let n = 0; n < frames; ) {
    for (; n < Math.min(frames, Math.floor((Date.now() - startMs) / 20) + 1); n++) {
      const pcm = new Int16Array(frameSamples);
      for (let i = 0; i < frameSamples; i++) {
        pcm[i] = Math.round(12000 * Math.sin((2 * Math.PI * hz * (n * frameSamples + i)) / rate));
      }
      bridge.write(new Uint8Array(pcm.buffer), (startMs + n * 20) * 1000);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return startMs;
}
