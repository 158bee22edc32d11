/*
 * Acoustic echo canceller: a partitioned-block frequency-domain adaptive filter
 * (overlap-save, block N, FFT 2N, P partitions covering filter_ms).
 *
 * Per block: the far-end spectrum joins a ring of the last P spectra; the echo
 * estimate is the sum over partitions of W_p X_p; the error spectrum updates
 * every partition with a step normalised per bin by the far-end power; one
 * partition per block (round robin) is projected back onto a causal N-tap
 * filter (the gradient constraint), which keeps the cost near two FFTs a block.
 *
 * Samples arrive in any chunk size and leave exactly one block (N samples) later.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "fft.h"

#define STEP 0.8f             /* normalised step size (0 < STEP < 2) */
#define REGULARISATION 1e-9f  /* least per-sample far power that adapts at full step (-90 dBFS) */
#define NOISE_MARGIN 3000.0f   /* far power must exceed the residual floor by ~35 dB (broadband) for half step */
#define NOISE_RISE 1.002f      /* residual floor tracker: instant fall, ~2 dB/s rise */
#define ERLE_SMOOTHING 0.98f
#define DIVERGENCE_FLOOR 1e-6f /* -60 dBFS: quieter residuals are never replaced */

struct cc_aec {
  uint32_t magic;
  int32_t rate, n, parts, bins;
  cc_fft fft;
  float* far_time; /* 2N: previous and current far block */
  float* xr;       /* parts x bins ring of far spectra; newest at `head` */
  float* xi;
  float* wr;       /* parts x bins filter spectra */
  float* wi;
  float* power;    /* bins: sum over partitions of |X_p|^2 */
  float *yr, *yi, *er, *ei, *tmp;
  float* far_in;   /* N: samples of the block being filled */
  float* near_in;
  float* out_block; /* N: output of the last processed block */
  int32_t fill, head, constrain, blocks;
  float near_energy, out_energy;
  float noise; /* tracked floor of the residual power per sample */
};

static void release(cc_aec* e) {
  cc_fft_free(&e->fft);
  free(e->far_time);
  free(e->xr);
  free(e->xi);
  free(e->wr);
  free(e->wi);
  free(e->power);
  free(e->yr);
  free(e->yi);
  free(e->er);
  free(e->ei);
  free(e->tmp);
  free(e->far_in);
  free(e->near_in);
  free(e->out_block);
  free(e);
}

static void clear(cc_aec* e) {
  size_t spectra = (size_t)e->parts * (size_t)e->bins;
  memset(e->far_time, 0, sizeof(float) * (size_t)(2 * e->n));
  memset(e->xr, 0, sizeof(float) * spectra);
  memset(e->xi, 0, sizeof(float) * spectra);
  memset(e->wr, 0, sizeof(float) * spectra);
  memset(e->wi, 0, sizeof(float) * spectra);
  memset(e->power, 0, sizeof(float) * (size_t)e->bins);
  memset(e->far_in, 0, sizeof(float) * (size_t)e->n);
  memset(e->near_in, 0, sizeof(float) * (size_t)e->n);
  memset(e->out_block, 0, sizeof(float) * (size_t)e->n);
  e->fill = e->head = e->constrain = e->blocks = 0;
  e->near_energy = e->out_energy = 0.0f;
  e->noise = REGULARISATION;
}

CC_EXPORT cc_aec* cc_aec_create(int32_t rate, int32_t filter_ms) {
  if (!cc_supported_rate(rate)) return NULL;
  if (filter_ms < 10 || filter_ms > 1000) return NULL;
  cc_aec* e = calloc(1, sizeof(cc_aec));
  if (e == NULL) return NULL;
  e->rate = rate;
  e->n = rate <= 16000 ? 64 : 128;
  e->bins = e->n + 1;
  int32_t taps = (int32_t)(((int64_t)filter_ms * rate + 999) / 1000);
  e->parts = (taps + e->n - 1) / e->n;
  size_t spectra = (size_t)e->parts * (size_t)e->bins;
  size_t bins = (size_t)e->bins, n = (size_t)e->n;
  int ok = cc_fft_init(&e->fft, 2 * e->n) == 0;
  e->far_time = malloc(sizeof(float) * 2 * n);
  e->xr = malloc(sizeof(float) * spectra);
  e->xi = malloc(sizeof(float) * spectra);
  e->wr = malloc(sizeof(float) * spectra);
  e->wi = malloc(sizeof(float) * spectra);
  e->power = malloc(sizeof(float) * bins);
  e->yr = malloc(sizeof(float) * bins);
  e->yi = malloc(sizeof(float) * bins);
  e->er = malloc(sizeof(float) * bins);
  e->ei = malloc(sizeof(float) * bins);
  e->tmp = malloc(sizeof(float) * 2 * n);
  e->far_in = malloc(sizeof(float) * n);
  e->near_in = malloc(sizeof(float) * n);
  e->out_block = malloc(sizeof(float) * n);
  if (!ok || !e->far_time || !e->xr || !e->xi || !e->wr || !e->wi || !e->power || !e->yr ||
      !e->yi || !e->er || !e->ei || !e->tmp || !e->far_in || !e->near_in || !e->out_block) {
    release(e);
    return NULL;
  }
  clear(e);
  e->magic = CC_MAGIC_AEC;
  return e;
}

/* Echo estimate Y = sum_p W_p X_(head+p), and the regressor power sum_p |X_p|^2 per bin. */
static void filter(cc_aec* e) {
  int32_t bins = e->bins;
  float* restrict yr = e->yr;
  float* restrict yi = e->yi;
  float* restrict power = e->power;
  memset(yr, 0, sizeof(float) * (size_t)bins);
  memset(yi, 0, sizeof(float) * (size_t)bins);
  memset(power, 0, sizeof(float) * (size_t)bins);
  for (int32_t p = 0; p < e->parts; p++) {
    int32_t slot = (e->head + p) % e->parts;
    const float* restrict xr = e->xr + (size_t)slot * bins;
    const float* restrict xi = e->xi + (size_t)slot * bins;
    const float* restrict wr = e->wr + (size_t)p * bins;
    const float* restrict wi = e->wi + (size_t)p * bins;
    for (int32_t k = 0; k < bins; k++) {
      yr[k] += wr[k] * xr[k] - wi[k] * xi[k];
      yi[k] += wr[k] * xi[k] + wi[k] * xr[k];
      power[k] += xr[k] * xr[k] + xi[k] * xi[k];
    }
  }
}

/* W_p += mu_k conj(X_(head+p)) E, with mu_k folded into E beforehand. */
static void adapt(cc_aec* e) {
  int32_t bins = e->bins;
  const float* restrict er = e->er;
  const float* restrict ei = e->ei;
  for (int32_t p = 0; p < e->parts; p++) {
    int32_t slot = (e->head + p) % e->parts;
    const float* restrict xr = e->xr + (size_t)slot * bins;
    const float* restrict xi = e->xi + (size_t)slot * bins;
    float* restrict wr = e->wr + (size_t)p * bins;
    float* restrict wi = e->wi + (size_t)p * bins;
    for (int32_t k = 0; k < bins; k++) {
      wr[k] += xr[k] * er[k] + xi[k] * ei[k];
      wi[k] += xr[k] * ei[k] - xi[k] * er[k];
    }
  }
}

/* Gradient constraint on one partition: keep a causal N-tap filter. */
static void constrain(cc_aec* e, int32_t p) {
  int32_t n = e->n;
  float* wr = e->wr + (size_t)p * e->bins;
  float* wi = e->wi + (size_t)p * e->bins;
  cc_fft_inverse(&e->fft, wr, wi, e->tmp);
  memset(e->tmp + n, 0, sizeof(float) * (size_t)n);
  cc_fft_forward(&e->fft, e->tmp, wr, wi);
}

static void process_block(cc_aec* e) {
  int32_t n = e->n, bins = e->bins;
  /* Newest far spectrum from the last two far blocks (overlap-save). */
  memcpy(e->far_time, e->far_time + n, sizeof(float) * (size_t)n);
  memcpy(e->far_time + n, e->far_in, sizeof(float) * (size_t)n);
  e->head = (e->head + e->parts - 1) % e->parts;
  float* xr = e->xr + (size_t)e->head * bins;
  float* xi = e->xi + (size_t)e->head * bins;
  cc_fft_forward(&e->fft, e->far_time, xr, xi);

  filter(e);
  cc_fft_inverse(&e->fft, e->yr, e->yi, e->tmp);
  float near_energy = 0.0f, out_energy = 0.0f;
  for (int32_t i = 0; i < n; i++) {
    float d = e->near_in[i];
    float err = d - e->tmp[n + i];
    near_energy += d * d;
    out_energy += err * err;
    e->tmp[i] = 0.0f;
    e->tmp[n + i] = err;
    e->out_block[i] = err;
  }
  /* A filter that adds audible energy is wrong for this block: pass the microphone through. */
  if (out_energy > 4.0f * near_energy + DIVERGENCE_FLOOR * (float)n) {
    memcpy(e->out_block, e->near_in, sizeof(float) * (size_t)n);
    out_energy = near_energy;
  }
  e->near_energy = ERLE_SMOOTHING * e->near_energy + (1.0f - ERLE_SMOOTHING) * near_energy;
  e->out_energy = ERLE_SMOOTHING * e->out_energy + (1.0f - ERLE_SMOOTHING) * out_energy;

  cc_fft_forward(&e->fft, e->tmp, e->er, e->ei);
  /* Residual floor (near-end noise): falls at once, rises slowly. */
  float block_power = out_energy / (float)n;
  e->noise = block_power < e->noise ? block_power : e->noise * NOISE_RISE;
  if (e->noise < REGULARISATION) e->noise = REGULARISATION;
  /*
   * Per-bin step normalised by the energy of the whole regressor (all partitions),
   * regularised so that far-end signal near the noise floor barely adapts.
   */
  float floor = NOISE_MARGIN * e->noise * (float)(2 * n) * (float)e->parts;
  for (int32_t k = 0; k < bins; k++) {
    float mu = STEP / (e->power[k] + floor);
    e->er[k] *= mu;
    e->ei[k] *= mu;
  }
  adapt(e);
  constrain(e, e->constrain);
  e->constrain = (e->constrain + 1) % e->parts;
  e->blocks++;
}

CC_EXPORT int32_t cc_aec_process(cc_aec* e, const float* far, const float* near, float* out,
                                 int32_t n) {
  if (!cc_live(e, CC_MAGIC_AEC)) return CC_ERR_HANDLE;
  if (n == 0) return CC_OK;
  if (n < 0 || !cc_in_heap(far, (size_t)n, 4) || !cc_in_heap(near, (size_t)n, 4) ||
      !cc_in_heap(out, (size_t)n, 4))
    return CC_ERR_ARGUMENT;
  int32_t i = 0;
  while (i < n) {
    int32_t take = e->n - e->fill;
    if (take > n - i) take = n - i;
    memcpy(e->far_in + e->fill, far + i, sizeof(float) * (size_t)take);
    memcpy(e->near_in + e->fill, near + i, sizeof(float) * (size_t)take);
    /* Output lags input by exactly one block: emit before this block is processed. */
    memmove(out + i, e->out_block + e->fill, sizeof(float) * (size_t)take);
    e->fill += take;
    i += take;
    if (e->fill == e->n) {
      process_block(e);
      e->fill = 0;
    }
  }
  return CC_OK;
}

CC_EXPORT int32_t cc_aec_latency(const cc_aec* e) {
  return cc_live(e, CC_MAGIC_AEC) ? e->n : CC_ERR_HANDLE;
}

CC_EXPORT float cc_aec_erle_db(const cc_aec* e) {
  if (!cc_live(e, CC_MAGIC_AEC)) return NAN;
  float a = e->near_energy > 1e-20f ? e->near_energy : 1e-20f;
  float b = e->out_energy > 1e-20f ? e->out_energy : 1e-20f;
  return 10.0f * log10f(a / b);
}

CC_EXPORT int32_t cc_aec_reset(cc_aec* e) {
  if (!cc_live(e, CC_MAGIC_AEC)) return CC_ERR_HANDLE;
  clear(e);
  return CC_OK;
}

CC_EXPORT int32_t cc_aec_destroy(cc_aec* e) {
  if (!cc_live(e, CC_MAGIC_AEC)) return CC_ERR_HANDLE;
  e->magic = 0;
  release(e);
  return CC_OK;
}
