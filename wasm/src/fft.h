/* Real FFT of a power-of-two size, split real/imaginary spectra (n/2 + 1 bins). */
#ifndef CC_FFT_H
#define CC_FFT_H

#include <stdint.h>

typedef struct {
  int32_t n;      /* real length */
  int32_t half;   /* complex length n/2 */
  int32_t* rev;   /* bit reversal of 0..half-1 */
  float* tw_re;   /* exp(-2 pi i k / half), k < half/2 */
  float* tw_im;
  float* post_re; /* exp(-2 pi i k / n), k <= half */
  float* post_im;
  float* zr;      /* scratch, half */
  float* zi;
} cc_fft;

/* Returns 0, or -1 when out of memory. */
int cc_fft_init(cc_fft* f, int32_t n);
void cc_fft_free(cc_fft* f);
/* Forward transform, unscaled: X[k] = sum x[t] e^{-2 pi i k t / n}. */
void cc_fft_forward(cc_fft* f, const float* x, float* re, float* im);
/* Inverse transform scaled by 1/n, so inverse(forward(x)) == x. */
void cc_fft_inverse(cc_fft* f, const float* re, const float* im, float* x);

#endif
