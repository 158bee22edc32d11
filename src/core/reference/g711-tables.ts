/**
 * ITU-T G.711 quantisation tables, built from the segment end points and step
 * sizes the standard lists, for an independent check of the WASM codec.
 *
 * Units are those of the standard: µ-law magnitudes up to 8159 (14-bit uniform
 * PCM, Table 2), A-law magnitudes up to 4096 (13-bit uniform PCM, Table 1).
 * `decision[n]` is the lower decision value of interval n (0..127) and
 * `output[n]` the decoder output value of that interval.
 */
export interface G711Table {
  readonly decision: readonly number[];
  readonly output: readonly number[];
}

/** Builds 8 segments of 16 intervals from segment end points and step sizes. */
function build(ends: readonly number[], steps: readonly number[], firstWidth: number): G711Table {
  const decision: number[] = [];
  for (let seg = 0; seg < 8; seg++) {
    for (let i = 0; i < 16; i++) {
      const start = ends[seg] ?? 0;
      const step = steps[seg] ?? 0;
      // Interval 0 of segment 1 may be narrower (µ-law: 0..1); the rest step evenly.
      decision.push(seg === 0 && i > 0 ? firstWidth + (i - 1) * step : start + i * step);
    }
  }
  const top = ends[8] ?? 0;
  const output = decision.map((x, n) =>
    n === 0 && firstWidth !== (steps[0] ?? 0) ? 0 : (x + (decision[n + 1] ?? top)) / 2,
  );
  return { decision, output };
}

/** G.711 Table 2 (µ-law): segment end points 0, 31, 95, … 8159; steps 2, 4, … 256; first interval 0..1 decodes to 0. */
export const MULAW_TABLE: G711Table = build(
  [0, 31, 95, 223, 479, 991, 2015, 4063, 8159],
  [2, 4, 8, 16, 32, 64, 128, 256],
  1,
);

/** G.711 Table 1 (A-law): segment end points 0, 32, 64, … 4096; steps 2, 2, 4, … 128. */
export const ALAW_TABLE: G711Table = build(
  [0, 32, 64, 128, 256, 512, 1024, 2048, 4096],
  [2, 2, 4, 8, 16, 32, 64, 128],
  2,
);
