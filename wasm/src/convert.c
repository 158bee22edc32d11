/* Sample-format conversion between Web Audio floats and 16-bit PCM. */
#include <wasm_simd128.h>

#include "common.h"

static inline int16_t to_s16(float x) {
  float v = x * 32768.0f;
  v = v > 32767.0f ? 32767.0f : (v < -32768.0f ? -32768.0f : v);
  return (int16_t)__builtin_rintf(v);
}

/* Rounds to nearest (ties to even) and saturates; NaN becomes 0. */
CC_EXPORT int32_t cc_f32_to_s16(const float* in, int16_t* out, int32_t n) {
  if (n == 0) return CC_OK;
  if (n < 0 || !cc_in_heap(in, (size_t)n, 4) || !cc_in_heap(out, (size_t)n, 2)) return CC_ERR_ARGUMENT;
  const v128_t scale = wasm_f32x4_splat(32768.0f);
  int32_t i = 0;
  for (; i + 8 <= n; i += 8) {
    v128_t a = wasm_f32x4_nearest(wasm_f32x4_mul(wasm_v128_load(in + i), scale));
    v128_t b = wasm_f32x4_nearest(wasm_f32x4_mul(wasm_v128_load(in + i + 4), scale));
    wasm_v128_store(out + i, wasm_i16x8_narrow_i32x4(wasm_i32x4_trunc_sat_f32x4(a),
                                                     wasm_i32x4_trunc_sat_f32x4(b)));
  }
  for (; i < n; i++) out[i] = in[i] != in[i] ? 0 : to_s16(in[i]);
  return CC_OK;
}

CC_EXPORT int32_t cc_s16_to_f32(const int16_t* in, float* out, int32_t n) {
  if (n == 0) return CC_OK;
  if (n < 0 || !cc_in_heap(in, (size_t)n, 2) || !cc_in_heap(out, (size_t)n, 4)) return CC_ERR_ARGUMENT;
  for (int32_t i = 0; i < n; i++) out[i] = (float)in[i] * (1.0f / 32768.0f);
  return CC_OK;
}
