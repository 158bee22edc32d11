/*
 * Polyphase FIR resampler. For rates in = M * g and out = L * g the signal is
 * conceptually upsampled by L, low-pass filtered at the design rate in * L and
 * decimated by M; only the needed phases are computed. The prototype is a
 * Kaiser-windowed sinc with passband edge 0.9 x and stopband edge 1.0 x the
 * lower Nyquist frequency, designed for 70 dB so that >= 60 dB holds with margin.
 *
 * Streaming: the last K-1 inputs are kept between calls, so chunks of any size
 * give exactly the output of one long call.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <wasm_simd128.h>

#include "common.h"

#define ATTENUATION_DB 70.0

struct cc_resampler {
  uint32_t magic;
  int32_t in_rate, out_rate;
  int32_t up, down; /* L, M */
  int32_t taps;     /* K: taps per phase, a multiple of 4 */
  float* coef;      /* up phases x taps, each phase reversed for a forward dot product */
  float* history;   /* last taps-1 inputs, then scratch for the next taps-1 */
  int32_t phase;    /* p of the next output, 0 <= p < L */
  int32_t next;     /* input index q of the next output, relative to the next chunk */
};

static int32_t gcd(int32_t a, int32_t b) {
  while (b != 0) {
    int32_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/* Modified Bessel function of the first kind, order 0 (power series). */
static double bessel_i0(double x) {
  double sum = 1.0, term = 1.0, q = x * x / 4.0;
  for (int k = 1; k < 64; k++) {
    term *= q / ((double)k * (double)k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

static int design(cc_resampler* r) {
  double design_rate = (double)r->in_rate * r->up;
  double nyquist = 0.5 * (r->in_rate < r->out_rate ? r->in_rate : r->out_rate);
  double pass = 0.9 * nyquist, stop = nyquist;
  double a = ATTENUATION_DB;
  double beta = 0.1102 * (a - 8.7);
  /* Kaiser's order estimate for transition width (stop - pass), with 5% margin. */
  double order = 1.05 * (a - 7.95) / (2.285 * 2.0 * M_PI * (stop - pass) / design_rate);
  int32_t k = (int32_t)ceil((order + 1.0) / r->up);
  k = (k + 3) & ~3;
  r->taps = k;
  int32_t len = k * r->up;
  r->coef = malloc(sizeof(float) * (size_t)len);
  r->history = calloc((size_t)(2 * k), sizeof(float));
  if (r->coef == NULL || r->history == NULL) return -1;
  double fc = 0.5 * (pass + stop) / design_rate; /* cycles per design sample */
  double centre = 0.5 * (len - 1);
  double i0b = bessel_i0(beta);
  for (int32_t i = 0; i < len; i++) {
    double t = i - centre;
    double sinc = t == 0.0 ? 2.0 * fc : sin(2.0 * M_PI * fc * t) / (M_PI * t);
    double u = 2.0 * i / (len - 1) - 1.0;
    double w = bessel_i0(beta * sqrt(1.0 - u * u > 0.0 ? 1.0 - u * u : 0.0)) / i0b;
    /* h[p + j L] goes to phase p, slot K-1-j (reversed). */
    int32_t p = i % r->up, j = i / r->up;
    r->coef[p * k + (k - 1 - j)] = (float)(sinc * w * r->up);
  }
  return 0;
}

CC_EXPORT cc_resampler* cc_resampler_create(int32_t in_rate, int32_t out_rate) {
  if (!cc_supported_rate(in_rate) || !cc_supported_rate(out_rate)) return NULL;
  cc_resampler* r = calloc(1, sizeof(cc_resampler));
  if (r == NULL) return NULL;
  int32_t g = gcd(in_rate, out_rate);
  r->in_rate = in_rate;
  r->out_rate = out_rate;
  r->up = out_rate / g;
  r->down = in_rate / g;
  if (design(r) != 0) {
    free(r->coef);
    free(r->history);
    free(r);
    return NULL;
  }
  r->magic = CC_MAGIC_RESAMPLER;
  return r;
}

CC_EXPORT int32_t cc_resampler_max_output(const cc_resampler* r, int32_t n_in) {
  if (!cc_live(r, CC_MAGIC_RESAMPLER)) return CC_ERR_HANDLE;
  if (n_in < 0) return CC_ERR_ARGUMENT;
  return (int32_t)(((int64_t)n_in * r->up + r->down - 1) / r->down) + 1;
}

static inline float dot(const float* restrict x, const float* restrict c, int32_t k) {
  v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0;
  int32_t i = 0;
  for (; i + 8 <= k; i += 8) {
    a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_v128_load(x + i), wasm_v128_load(c + i)));
    a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(wasm_v128_load(x + i + 4), wasm_v128_load(c + i + 4)));
  }
  if (i < k) a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_v128_load(x + i), wasm_v128_load(c + i)));
  a0 = wasm_f32x4_add(a0, a1);
  return wasm_f32x4_extract_lane(a0, 0) + wasm_f32x4_extract_lane(a0, 1) +
         wasm_f32x4_extract_lane(a0, 2) + wasm_f32x4_extract_lane(a0, 3);
}

CC_EXPORT int32_t cc_resampler_process(cc_resampler* r, const float* in, int32_t n_in, float* out,
                                       int32_t out_capacity) {
  if (!cc_live(r, CC_MAGIC_RESAMPLER)) return CC_ERR_HANDLE;
  if (n_in == 0) return 0;
  if (n_in < 0 || out_capacity < 0 || !cc_in_heap(in, (size_t)n_in, 4) ||
      (out_capacity > 0 && !cc_in_heap(out, (size_t)out_capacity, 4)))
    return CC_ERR_ARGUMENT;
  if (out_capacity < cc_resampler_max_output(r, n_in)) return CC_ERR_CAPACITY;
  int32_t k = r->taps, up = r->up, down = r->down;
  int32_t keep = k - 1;
  /* history[0..keep) = previous inputs; history[keep..) = the first inputs of this chunk. */
  float* scratch = r->history;
  int32_t head = n_in < keep ? n_in : keep;
  memcpy(scratch + keep, in, sizeof(float) * (size_t)head);
  int32_t q = r->next, p = r->phase, produced = 0;
  while (q < n_in) {
    int32_t start = q - keep;
    const float* x = start >= 0 ? in + start : scratch + keep + start;
    out[produced++] = dot(x, r->coef + (size_t)p * k, k);
    p += down;
    q += p / up;
    p %= up;
  }
  r->phase = p;
  r->next = q - n_in;
  /* Keep the last keep inputs of (history ++ in). */
  if (n_in >= keep) {
    memcpy(scratch, in + n_in - keep, sizeof(float) * (size_t)keep);
  } else {
    memmove(scratch, scratch + n_in, sizeof(float) * (size_t)keep);
  }
  return produced;
}

CC_EXPORT double cc_resampler_delay(const cc_resampler* r) {
  if (!cc_live(r, CC_MAGIC_RESAMPLER)) return -1.0;
  return 0.5 * ((double)r->taps * r->up - 1.0) / r->up;
}

CC_EXPORT int32_t cc_resampler_taps(const cc_resampler* r) {
  if (!cc_live(r, CC_MAGIC_RESAMPLER)) return CC_ERR_HANDLE;
  return r->taps;
}

CC_EXPORT int32_t cc_resampler_reset(cc_resampler* r) {
  if (!cc_live(r, CC_MAGIC_RESAMPLER)) return CC_ERR_HANDLE;
  memset(r->history, 0, sizeof(float) * (size_t)(2 * r->taps));
  r->phase = 0;
  r->next = 0;
  return CC_OK;
}

CC_EXPORT int32_t cc_resampler_destroy(cc_resampler* r) {
  if (!cc_live(r, CC_MAGIC_RESAMPLER)) return CC_ERR_HANDLE;
  r->magic = 0;
  free(r->coef);
  free(r->history);
  free(r);
  return CC_OK;
}
