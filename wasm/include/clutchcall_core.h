/*
 * ClutchCall audio core: the C API compiled to wasm/build/core.wasm.
 *
 * Every stateful component has the same thin shape: create / process / destroy.
 * Sample buffers are plain heap pointers owned by the caller (allocated once with
 * cc_alloc, reused every frame), so a frame never crosses the JS/WASM boundary
 * more than once. Functions that can fail return a negative CC_ERR_* status.
 */
#ifndef CLUTCHCALL_CORE_H
#define CLUTCHCALL_CORE_H

#include <stdint.h>

#define CC_ABI_VERSION 1

/* Status codes (negative = error). */
#define CC_OK 0
#define CC_ERR_ARGUMENT (-1) /* null/misaligned/out-of-heap pointer, bad length */
#define CC_ERR_HANDLE (-2)   /* not a live handle of the expected kind */
#define CC_ERR_RATE (-3)     /* unsupported sample rate */
#define CC_ERR_CAPACITY (-4) /* output buffer too small for this input */

/* G.711 companding laws. */
#define CC_LAW_MULAW 0
#define CC_LAW_ALAW 1

typedef struct cc_resampler cc_resampler;
typedef struct cc_agc cc_agc;
typedef struct cc_aec cc_aec;

int32_t cc_abi_version(void);
void* cc_alloc(int32_t bytes);
void cc_free(void* ptr);

/* G.711 (stateless). n samples of 16-bit PCM <-> n 8-bit code words. */
int32_t cc_g711_encode(int32_t law, const int16_t* pcm, uint8_t* codes, int32_t n);
int32_t cc_g711_decode(int32_t law, const uint8_t* codes, int16_t* pcm, int32_t n);

/* Sample-format helpers: float [-1, 1) <-> 16-bit PCM (rounded, saturated). */
int32_t cc_f32_to_s16(const float* in, int16_t* out, int32_t n);
int32_t cc_s16_to_f32(const int16_t* in, float* out, int32_t n);

/* Polyphase FIR resampler between 8, 16, 24, 32, 44.1 and 48 kHz. */
cc_resampler* cc_resampler_create(int32_t in_rate, int32_t out_rate);
/* Most output samples that n_in input samples can produce. */
int32_t cc_resampler_max_output(const cc_resampler* r, int32_t n_in);
/* Returns the number of output samples written, or a CC_ERR_* status. */
int32_t cc_resampler_process(cc_resampler* r, const float* in, int32_t n_in, float* out,
                             int32_t out_capacity);
/* Group delay in input samples. */
double cc_resampler_delay(const cc_resampler* r);
int32_t cc_resampler_taps(const cc_resampler* r);
int32_t cc_resampler_reset(cc_resampler* r);
int32_t cc_resampler_destroy(cc_resampler* r);

/* Automatic gain control: level estimator, adaptive digital gain, limiter. */
cc_agc* cc_agc_create(int32_t rate, float target_dbfs, float max_gain_db,
                      float max_gain_change_db_per_s, float max_noise_dbfs, float limiter_dbfs);
/* In place: x[0..n) is replaced by the gained, limited signal. */
int32_t cc_agc_process(cc_agc* a, float* x, int32_t n);
float cc_agc_gain_db(const cc_agc* a);
float cc_agc_speech_dbfs(const cc_agc* a);
float cc_agc_noise_dbfs(const cc_agc* a);
int32_t cc_agc_reset(cc_agc* a);
int32_t cc_agc_destroy(cc_agc* a);

/* Acoustic echo canceller (partitioned-block frequency-domain adaptive filter). */
cc_aec* cc_aec_create(int32_t rate, int32_t filter_ms);
/* far: loudspeaker reference; near: microphone; out: echo-cancelled near. */
int32_t cc_aec_process(cc_aec* e, const float* far, const float* near, float* out, int32_t n);
/* Algorithmic latency in samples (one block). */
int32_t cc_aec_latency(const cc_aec* e);
float cc_aec_erle_db(const cc_aec* e);
int32_t cc_aec_reset(cc_aec* e);
int32_t cc_aec_destroy(cc_aec* e);

#endif
