/**
 * Where `captureMicrophone` writes encoded frames: an `AudioPublication`
 * (`MoqtClient.publishAudio`) or anything with the same `write`.
 */
export interface AudioFrameSink {
  /** One encoded frame captured at `tsUs` (µs since the epoch): one MoQT Object. */
  write(tsUs: number, bytes: Uint8Array): void;
}

/** Microseconds since the epoch, now. */
export function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

/** RMS of `samples` (0 for none). */
export function rms(samples: Float32Array, length = samples.length): number {
  if (length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const s = samples[i] as number;
    sum += s * s;
  }
  return Math.sqrt(sum / length);
}
