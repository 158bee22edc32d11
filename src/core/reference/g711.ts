import { ALAW_TABLE, type G711Table, MULAW_TABLE } from "./g711-tables.ts";

/**
 * Reference G.711 codec written from the standard's rules: find the quantisation
 * interval by searching the decision values, emit the character signal; decode
 * by table output value. Deliberately slow and direct — a test oracle.
 *
 * 16-bit PCM maps to the standard's uniform PCM by dropping the low bits
 * (µ-law keeps 14 bits, A-law 13); a negative sample x stands for the interval
 * [x, x + 1) and so takes the magnitude of ~x (ITU-T G.191 convention).
 */

/** Index of the interval holding magnitude m (largest n with decision[n] <= m). */
function interval(table: G711Table, m: number): number {
  let n = 0;
  while (n < 127 && (table.decision[n + 1] ?? Number.POSITIVE_INFINITY) <= m) n++;
  return n;
}

/** Magnitude of x in the standard's units, dropping `shift` low bits. */
function magnitude(x: number, shift: number): number {
  return (x >= 0 ? x : -x - 1) >> shift;
}

/** µ-law character for a 16-bit sample (G.711 Table 2: polarity 1 = positive, then 7 bits inverted). */
export function mulawEncodeReference(x: number): number {
  const n = interval(MULAW_TABLE, magnitude(x, 2));
  return (x >= 0 ? 0x80 : 0) | (127 - n);
}

/** A-law character for a 16-bit sample (G.711 Table 1: polarity 1 = positive; even bits inverted). */
export function alawEncodeReference(x: number): number {
  const n = interval(ALAW_TABLE, magnitude(x, 3));
  return ((x >= 0 ? 0x80 : 0) | n) ^ 0x55;
}

/** 16-bit sample for a µ-law character (table output value, scaled by 4). */
export function mulawDecodeReference(code: number): number {
  const n = 127 - (code & 0x7f);
  const y = (MULAW_TABLE.output[n] ?? 0) * 4;
  return code & 0x80 ? y : -y;
}

/** 16-bit sample for an A-law character (table output value, scaled by 8). */
export function alawDecodeReference(code: number): number {
  const c = code ^ 0x55;
  const y = (ALAW_TABLE.output[c & 0x7f] ?? 0) * 8;
  return c & 0x80 ? y : -y;
}
