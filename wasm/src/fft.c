/*
 * Real FFT via a half-length complex radix-2 FFT on even/odd samples packed as
 * z[t] = x[2t] + i x[2t+1], followed by the usual split into the real spectrum.
 */
#include "fft.h"

#include <math.h>
#include <stdlib.h>

int cc_fft_init(cc_fft* f, int32_t n) {
  int32_t half = n / 2;
  f->n = n;
  f->half = half;
  f->rev = malloc(sizeof(int32_t) * (size_t)half);
  f->tw_re = malloc(sizeof(float) * (size_t)(half / 2 + 1));
  f->tw_im = malloc(sizeof(float) * (size_t)(half / 2 + 1));
  f->post_re = malloc(sizeof(float) * (size_t)(half + 1));
  f->post_im = malloc(sizeof(float) * (size_t)(half + 1));
  f->zr = malloc(sizeof(float) * (size_t)half);
  f->zi = malloc(sizeof(float) * (size_t)half);
  if (!f->rev || !f->tw_re || !f->tw_im || !f->post_re || !f->post_im || !f->zr || !f->zi) {
    cc_fft_free(f);
    return -1;
  }
  int32_t bits = 0;
  while ((1 << bits) < half) bits++;
  for (int32_t i = 0; i < half; i++) {
    int32_t r = 0;
    for (int32_t b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    f->rev[i] = r;
  }
  for (int32_t k = 0; k <= half / 2; k++) {
    double a = -2.0 * M_PI * k / half;
    f->tw_re[k] = (float)cos(a);
    f->tw_im[k] = (float)sin(a);
  }
  for (int32_t k = 0; k <= half; k++) {
    double a = -2.0 * M_PI * k / n;
    f->post_re[k] = (float)cos(a);
    f->post_im[k] = (float)sin(a);
  }
  return 0;
}

void cc_fft_free(cc_fft* f) {
  free(f->rev);
  free(f->tw_re);
  free(f->tw_im);
  free(f->post_re);
  free(f->post_im);
  free(f->zr);
  free(f->zi);
  f->rev = 0;
  f->tw_re = f->tw_im = f->post_re = f->post_im = f->zr = f->zi = 0;
}

/* In-place complex FFT on bit-reversed input; sign = -1 forward, +1 inverse. */
static void complex_fft(const cc_fft* f, float* restrict re, float* restrict im, float sign) {
  int32_t m = f->half;
  for (int32_t len = 2; len <= m; len <<= 1) {
    int32_t h = len >> 1;
    int32_t stride = m / len;
    for (int32_t j = 0; j < h; j++) {
      float wr = f->tw_re[j * stride];
      float wi = sign < 0 ? f->tw_im[j * stride] : -f->tw_im[j * stride];
      for (int32_t s = j; s < m; s += len) {
        int32_t t = s + h;
        float xr = re[t] * wr - im[t] * wi;
        float xi = re[t] * wi + im[t] * wr;
        re[t] = re[s] - xr;
        im[t] = im[s] - xi;
        re[s] += xr;
        im[s] += xi;
      }
    }
  }
}

void cc_fft_forward(cc_fft* f, const float* x, float* re, float* im) {
  int32_t m = f->half;
  float* zr = f->zr;
  float* zi = f->zi;
  for (int32_t t = 0; t < m; t++) {
    int32_t r = f->rev[t];
    zr[r] = x[2 * t];
    zi[r] = x[2 * t + 1];
  }
  complex_fft(f, zr, zi, -1.0f);
  /* X[k] = E[k] + W^k O[k], E = (Z[k] + conj Z[m-k]) / 2, O = (Z[k] - conj Z[m-k]) / 2i. */
  re[0] = zr[0] + zi[0];
  im[0] = 0.0f;
  re[m] = zr[0] - zi[0];
  im[m] = 0.0f;
  for (int32_t k = 1; k < m; k++) {
    float ar = zr[k], ai = zi[k], br = zr[m - k], bi = -zi[m - k];
    float er = 0.5f * (ar + br), ei = 0.5f * (ai + bi);
    float orr = 0.5f * (ai - bi), oi = -0.5f * (ar - br);
    float wr = f->post_re[k], wi = f->post_im[k];
    re[k] = er + orr * wr - oi * wi;
    im[k] = ei + orr * wi + oi * wr;
  }
}

void cc_fft_inverse(cc_fft* f, const float* re, const float* im, float* x) {
  int32_t m = f->half;
  float* zr = f->zr;
  float* zi = f->zi;
  /* Undo the split: E = (X[k] + conj X[m-k]) / 2, O = (X[k] - conj X[m-k]) / 2 * W^-k. */
  for (int32_t k = 0; k < m; k++) {
    float ar = re[k], ai = im[k], br = re[m - k], bi = -im[m - k];
    float er = 0.5f * (ar + br), ei = 0.5f * (ai + bi);
    float dr = 0.5f * (ar - br), di = 0.5f * (ai - bi);
    float wr = f->post_re[k], wi = -f->post_im[k];
    float orr = dr * wr - di * wi, oi = dr * wi + di * wr;
    /* Z = E + i O */
    int32_t r = f->rev[k];
    zr[r] = er - oi;
    zi[r] = ei + orr;
  }
  complex_fft(f, zr, zi, 1.0f);
  float scale = 1.0f / (float)m;
  for (int32_t t = 0; t < m; t++) {
    x[2 * t] = zr[t] * scale;
    x[2 * t + 1] = zi[t] * scale;
  }
}
