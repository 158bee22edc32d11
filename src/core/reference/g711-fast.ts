/**
 * Plain TypeScript G.711, written for speed the way a JS codec would be:
 * segment from Math.clz32, decode through a 256-entry table. The benchmark's
 * baseline for the WASM SIMD codec (same results, same conventions).
 */

/** µ-law encode of n samples (G.711 Table 2, ITU-T G.191 sign convention). */
export function mulawEncodeTs(pcm: Int16Array, out: Uint8Array, n = pcm.length): void {
  for (let i = 0; i < n; i++) {
    const x = pcm[i] as number;
    const s = x >> 31;
    let a = ((x ^ s) >> 2) + 33;
    if (a > 8191) a = 8191;
    const seg = 26 - Math.clz32(a); // a in [32 << seg, 64 << seg)
    out[i] = (127 - ((seg << 4) | ((a >> (seg + 1)) & 15))) | (s ? 0 : 0x80);
  }
}

/** A-law encode of n samples (G.711 Table 1, ITU-T G.191 sign convention). */
export function alawEncodeTs(pcm: Int16Array, out: Uint8Array, n = pcm.length): void {
  for (let i = 0; i < n; i++) {
    const x = pcm[i] as number;
    const s = x >> 31;
    const m = (x ^ s) >> 4;
    let code = m;
    if (m > 15) {
      const seg = 28 - Math.clz32(m); // m in [16 << (seg-1), 32 << (seg-1))
      code = (seg << 4) | ((m >> (seg - 1)) & 15);
    }
    out[i] = (code | (s ? 0 : 0x80)) ^ 0x55;
  }
}

function table(decode: (code: number) => number): Int16Array {
  return Int16Array.from({ length: 256 }, (_, c) => decode(c));
}

const MULAW_DECODE = table((code) => {
  const c = ~code & 0xff;
  const v = (((2 * (c & 15) + 33) << ((c >> 4) & 7)) << 2) - 132;
  return code & 0x80 ? v : -v;
});

const ALAW_DECODE = table((code) => {
  const c = code ^ 0x55;
  const seg = (c >> 4) & 7;
  let v = (2 * ((c & 15) | (seg ? 16 : 0)) + 1) << 3;
  if (seg > 1) v <<= seg - 1;
  return c & 0x80 ? v : -v;
});

/** µ-law decode of n code words by table lookup. */
export function mulawDecodeTs(codes: Uint8Array, out: Int16Array, n = codes.length): void {
  for (let i = 0; i < n; i++) out[i] = MULAW_DECODE[codes[i] as number] as number;
}

/** A-law decode of n code words by table lookup. */
export function alawDecodeTs(codes: Uint8Array, out: Int16Array, n = codes.length): void {
  for (let i = 0; i < n; i++) out[i] = ALAW_DECODE[codes[i] as number] as number;
}
