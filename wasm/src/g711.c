/*
 * ITU-T G.711 companding, bit-exact, 16 samples per WASM SIMD step.
 *
 * Linear input is 16-bit PCM, left-justified: mu-law uses its top 14 bits and
 * A-law its top 13 bits (G.711 clause 2 / 3: 14- and 13-bit uniform PCM).
 * Negative samples take the one's-complement magnitude (~x), the convention
 * of the ITU-T G.191 reference tools, so quantisation is symmetric about -1/2.
 *
 * Encoding uses the f32 exponent/mantissa of the biased magnitude to find the
 * segment and the step in one conversion; decoding uses byte shuffles for the
 * per-segment step size.
 */
#include <wasm_simd128.h>

#include "common.h"

/* mu-law (G.711 Table 2): magnitude + 33 bias, segments of 16 steps doubling in size. */
static inline uint8_t ulaw_encode1(int16_t x) {
  int32_t s = x >> 15;
  int32_t a = (((int32_t)x ^ s) >> 2) + 33;
  if (a > 8191) a = 8191;
  int32_t seg = 0;
  while ((a >> (seg + 6)) != 0) seg++; /* segment: a in [32 << seg, 64 << seg) */
  int32_t n = (seg << 4) | ((a >> (seg + 1)) & 15);
  /* G.711 Table 2: character = polarity bit (1 = positive) then all 7 bits inverted. */
  return (uint8_t)((127 - n) | (s ? 0 : 0x80));
}

static inline int16_t ulaw_decode1(uint8_t code) {
  int32_t c = (uint8_t)~code;
  int32_t seg = (c >> 4) & 7;
  int32_t v = (((2 * (c & 15) + 33) << seg) << 2) - 132; /* interval midpoint, G.711 Table 2 */
  return (int16_t)((code & 0x80) ? v : -v);
}

/* A-law (G.711 Table 1): segments 0 and 1 share step 2 (units of 1/4096). */
static inline uint8_t alaw_encode1(int16_t x) {
  int32_t s = x >> 15;
  int32_t m = ((int32_t)x ^ s) >> 4;
  int32_t n = m;
  if (m > 15) {
    int32_t seg = 1;
    while (m > 31) {
      m >>= 1;
      seg++;
    }
    n = (seg << 4) | (m & 15);
  }
  /* G.711 Table 1: polarity bit (1 = positive), then even bits inverted (XOR 0x55). */
  return (uint8_t)((n | (s ? 0 : 0x80)) ^ 0x55);
}

static inline int16_t alaw_decode1(uint8_t code) {
  int32_t c = code ^ 0x55;
  int32_t seg = (c >> 4) & 7;
  int32_t m = (c & 15) | (seg ? 16 : 0);
  int32_t v = (2 * m + 1) << 3; /* interval midpoint, G.711 Table 1 */
  if (seg > 1) v <<= seg - 1;
  return (int16_t)((c & 0x80) ? v : -v);
}

/* Four i32 lanes of mu-law encoding; result lanes hold 0..255. */
static inline v128_t ulaw_encode4(v128_t x) {
  v128_t s = wasm_i32x4_shr(x, 31);
  v128_t a = wasm_i32x4_add(wasm_i32x4_shr(wasm_v128_xor(x, s), 2), wasm_i32x4_splat(33));
  a = wasm_i32x4_min(a, wasm_i32x4_splat(8191));
  /* a in [32, 8192): f32 exponent - 5 is the segment, top 4 mantissa bits the step. */
  v128_t n = wasm_i32x4_sub(wasm_u32x4_shr(wasm_f32x4_convert_i32x4(a), 19),
                            wasm_i32x4_splat((127 + 5) << 4));
  v128_t code = wasm_i32x4_sub(wasm_i32x4_splat(127), n);
  return wasm_v128_or(code, wasm_v128_andnot(wasm_i32x4_splat(0x80), s));
}

/* Four i32 lanes of A-law encoding; result lanes hold 0..255. */
static inline v128_t alaw_encode4(v128_t x) {
  v128_t s = wasm_i32x4_shr(x, 31);
  v128_t m = wasm_i32x4_shr(wasm_v128_xor(x, s), 4);
  /* m >= 16: f32 exponent - 3 is the segment, top 4 mantissa bits the step. */
  v128_t big = wasm_i32x4_sub(wasm_u32x4_shr(wasm_f32x4_convert_i32x4(m), 19),
                              wasm_i32x4_splat((127 + 3) << 4));
  v128_t n = wasm_v128_bitselect(m, big, wasm_i32x4_lt(m, wasm_i32x4_splat(16)));
  n = wasm_v128_or(n, wasm_v128_andnot(wasm_i32x4_splat(0x80), s));
  return wasm_v128_xor(n, wasm_i32x4_splat(0x55));
}

typedef v128_t (*encode4_fn)(v128_t);

static inline void encode16(const int16_t* pcm, uint8_t* out, encode4_fn f) {
  v128_t lo = wasm_v128_load(pcm);
  v128_t hi = wasm_v128_load(pcm + 8);
  v128_t a = f(wasm_i32x4_extend_low_i16x8(lo));
  v128_t b = f(wasm_i32x4_extend_high_i16x8(lo));
  v128_t c = f(wasm_i32x4_extend_low_i16x8(hi));
  v128_t d = f(wasm_i32x4_extend_high_i16x8(hi));
  v128_t ab = wasm_i16x8_narrow_i32x4(a, b);
  v128_t cd = wasm_i16x8_narrow_i32x4(c, d);
  wasm_v128_store(out, wasm_u8x16_narrow_i16x8(ab, cd));
}

/* Signed 16-bit lanes: v where the code's polarity bit is set, else -v. */
static inline void store_signed(int16_t* out, v128_t v_lo, v128_t v_hi, v128_t positive8) {
  v128_t p_lo = wasm_i16x8_extend_low_i8x16(positive8);
  v128_t p_hi = wasm_i16x8_extend_high_i8x16(positive8);
  wasm_v128_store(out, wasm_v128_bitselect(v_lo, wasm_i16x8_neg(v_lo), p_lo));
  wasm_v128_store(out + 8, wasm_v128_bitselect(v_hi, wasm_i16x8_neg(v_hi), p_hi));
}

/* (t * k) << 2 - bias on 16 byte lanes widened to two i16x8 halves. */
static inline void widen_mul(v128_t t, v128_t k, int16_t bias, v128_t* lo, v128_t* hi) {
  v128_t b = wasm_i16x8_splat(bias);
  *lo = wasm_i16x8_sub(
      wasm_i16x8_shl(wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(t), wasm_u16x8_extend_low_u8x16(k)), 2),
      b);
  *hi = wasm_i16x8_sub(
      wasm_i16x8_shl(wasm_i16x8_mul(wasm_u16x8_extend_high_u8x16(t), wasm_u16x8_extend_high_u8x16(k)), 2),
      b);
}

static inline void ulaw_decode16(const uint8_t* in, int16_t* out) {
  const v128_t pow2 = wasm_u8x16_make(1, 2, 4, 8, 16, 32, 64, 128, 0, 0, 0, 0, 0, 0, 0, 0);
  v128_t code = wasm_v128_load(in);
  v128_t c = wasm_v128_not(code);
  v128_t seg = wasm_v128_and(wasm_u8x16_shr(c, 4), wasm_u8x16_splat(7));
  v128_t t = wasm_i8x16_add(wasm_i8x16_shl(wasm_v128_and(c, wasm_u8x16_splat(15)), 1),
                            wasm_u8x16_splat(33));
  v128_t lo, hi;
  widen_mul(t, wasm_i8x16_swizzle(pow2, seg), 132, &lo, &hi);
  store_signed(out, lo, hi, wasm_i8x16_lt(code, wasm_i8x16_splat(0)));
}

static inline void alaw_decode16(const uint8_t* in, int16_t* out) {
  const v128_t lead = wasm_u8x16_make(0, 16, 16, 16, 16, 16, 16, 16, 0, 0, 0, 0, 0, 0, 0, 0);
  const v128_t step = wasm_u8x16_make(2, 2, 4, 8, 16, 32, 64, 128, 0, 0, 0, 0, 0, 0, 0, 0);
  v128_t c = wasm_v128_xor(wasm_v128_load(in), wasm_u8x16_splat(0x55));
  v128_t seg = wasm_v128_and(wasm_u8x16_shr(c, 4), wasm_u8x16_splat(7));
  v128_t m = wasm_i8x16_add(wasm_v128_and(c, wasm_u8x16_splat(15)), wasm_i8x16_swizzle(lead, seg));
  v128_t t = wasm_i8x16_add(wasm_i8x16_shl(m, 1), wasm_u8x16_splat(1));
  v128_t lo, hi;
  widen_mul(t, wasm_i8x16_swizzle(step, seg), 0, &lo, &hi);
  store_signed(out, lo, hi, wasm_i8x16_lt(c, wasm_i8x16_splat(0)));
}

CC_EXPORT int32_t cc_g711_encode(int32_t law, const int16_t* pcm, uint8_t* codes, int32_t n) {
  if (n == 0) return CC_OK;
  if (n < 0 || (law != CC_LAW_MULAW && law != CC_LAW_ALAW) || !cc_in_heap(pcm, (size_t)n, 2) ||
      !cc_in_heap(codes, (size_t)n, 1))
    return CC_ERR_ARGUMENT;
  int32_t i = 0;
  if (law == CC_LAW_MULAW) {
    for (; i + 16 <= n; i += 16) encode16(pcm + i, codes + i, ulaw_encode4);
    for (; i < n; i++) codes[i] = ulaw_encode1(pcm[i]);
  } else {
    for (; i + 16 <= n; i += 16) encode16(pcm + i, codes + i, alaw_encode4);
    for (; i < n; i++) codes[i] = alaw_encode1(pcm[i]);
  }
  return CC_OK;
}

CC_EXPORT int32_t cc_g711_decode(int32_t law, const uint8_t* codes, int16_t* pcm, int32_t n) {
  if (n == 0) return CC_OK;
  if (n < 0 || (law != CC_LAW_MULAW && law != CC_LAW_ALAW) || !cc_in_heap(codes, (size_t)n, 1) ||
      !cc_in_heap(pcm, (size_t)n, 2))
    return CC_ERR_ARGUMENT;
  int32_t i = 0;
  if (law == CC_LAW_MULAW) {
    for (; i + 16 <= n; i += 16) ulaw_decode16(codes + i, pcm + i);
    for (; i < n; i++) pcm[i] = ulaw_decode1(codes[i]);
  } else {
    for (; i + 16 <= n; i += 16) alaw_decode16(codes + i, pcm + i);
    for (; i < n; i++) pcm[i] = alaw_decode1(codes[i]);
  }
  return CC_OK;
}
