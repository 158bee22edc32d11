/*
 * Automatic gain control in three stages, each 10 ms analysis frame:
 *  1. level estimation: frame RMS, an energy voice-activity decision against a
 *     tracked noise floor, and a speech level averaged over speech frames;
 *  2. adaptive digital gain toward target - speech level, bounded by +/- max
 *     gain, by the noise cap (noise may not be raised above max_noise_dbfs),
 *     and slewed at most max_gain_change_db_per_s;
 *  3. a limiter on 1 ms sub-blocks: the gain at each sub-block edge is at most
 *     ceiling / peak of both neighbouring sub-blocks, and the gain is linear in
 *     between, so no output sample ever exceeds the ceiling.
 * Any chunk size works: frames and sub-blocks are tracked across calls.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define FRAME_MS 10
#define SUB_BLOCKS 10            /* 1 ms limiter sub-blocks per frame */
#define VAD_MARGIN_DB 9.0f       /* speech: frame level this far above the noise floor */
#define VAD_MIN_DBFS (-65.0f)    /* and at least this loud */
#define CONFIDENCE_FRAMES 100    /* speech level: running mean, then a 1 s leaky mean */
#define NOISE_RISE_DB 0.02f      /* noise floor may creep up this much per frame (2 dB/s) */
#define RELEASE_DB_PER_MS 0.05f  /* limiter recovery */
#define GAIN_DOWN_SPEEDUP 2.0f   /* gain may fall twice as fast as it rises */
#define FLOOR_POWER 1e-12f

struct cc_agc {
  uint32_t magic;
  int32_t rate, frame_len, sub_len;
  float target_dbfs, max_gain_db, slew_db_per_frame, max_noise_dbfs, ceiling;
  /* analysis state */
  int32_t frame_pos;   /* samples of the current frame seen so far */
  float frame_energy;  /* sum of squares of input, current frame */
  float noise_dbfs, speech_power;
  int32_t speech_frames;
  float gain_db;       /* gain decided at the last frame end */
  float gain_from, gain_to; /* linear gain ramp over the current frame */
  /* limiter state */
  float lim_gain;      /* limiter gain at the current position */
};

static float db_to_lin(float db) { return powf(10.0f, db / 20.0f); }
static float power_to_db(float p) { return 10.0f * log10f(p > FLOOR_POWER ? p : FLOOR_POWER); }

static void reset_state(cc_agc* a) {
  a->frame_pos = 0;
  a->frame_energy = 0.0f;
  a->noise_dbfs = 0.0f; /* the first frame pulls it down to its own level */
  a->speech_power = 0.0f;
  a->speech_frames = 0;
  a->gain_db = 0.0f;
  a->gain_from = a->gain_to = 1.0f;
  a->lim_gain = 1.0f;
}

CC_EXPORT cc_agc* cc_agc_create(int32_t rate, float target_dbfs, float max_gain_db,
                                float max_gain_change_db_per_s, float max_noise_dbfs,
                                float limiter_dbfs) {
  if (!cc_supported_rate(rate)) return NULL;
  if (!(target_dbfs < 0.0f && target_dbfs > -60.0f) || !(max_gain_db >= 0.0f && max_gain_db <= 60.0f) ||
      !(max_gain_change_db_per_s > 0.0f) || !(max_noise_dbfs <= 0.0f) ||
      !(limiter_dbfs <= 0.0f && limiter_dbfs > -20.0f))
    return NULL;
  cc_agc* a = calloc(1, sizeof(cc_agc));
  if (a == NULL) return NULL;
  a->rate = rate;
  a->frame_len = rate / 100;
  /* 44.1 kHz: 441-sample frames, sub-blocks of 44 with a longer last one. */
  a->sub_len = a->frame_len / SUB_BLOCKS;
  a->target_dbfs = target_dbfs;
  a->max_gain_db = max_gain_db;
  a->slew_db_per_frame = max_gain_change_db_per_s * FRAME_MS / 1000.0f;
  a->max_noise_dbfs = max_noise_dbfs;
  /* Slightly inside the ceiling so float rounding can never push a sample over it. */
  a->ceiling = db_to_lin(limiter_dbfs) * (1.0f - 1e-6f);
  reset_state(a);
  a->magic = CC_MAGIC_AGC;
  return a;
}

/* Level estimation and gain decision at the end of each 10 ms frame. */
static void end_frame(cc_agc* a) {
  float power = a->frame_energy / (float)a->frame_len;
  float level = power_to_db(power);
  a->frame_energy = 0.0f;
  /* Noise floor: follows drops at once, rises slowly. */
  if (level < a->noise_dbfs) a->noise_dbfs = level;
  else a->noise_dbfs += NOISE_RISE_DB;
  if (level > a->noise_dbfs + VAD_MARGIN_DB && level > VAD_MIN_DBFS) {
    int32_t n = a->speech_frames < CONFIDENCE_FRAMES ? ++a->speech_frames : CONFIDENCE_FRAMES;
    a->speech_power += (power - a->speech_power) / (float)n;
  }
  float desired = a->gain_db;
  if (a->speech_frames > 0) desired = a->target_dbfs - power_to_db(a->speech_power);
  float noise_cap = a->max_noise_dbfs - a->noise_dbfs;
  if (desired > noise_cap) desired = noise_cap;
  if (desired > a->max_gain_db) desired = a->max_gain_db;
  if (desired < -a->max_gain_db) desired = -a->max_gain_db;
  float step = desired - a->gain_db;
  float up = a->slew_db_per_frame, down = a->slew_db_per_frame * GAIN_DOWN_SPEEDUP;
  if (step > up) step = up;
  if (step < -down) step = -down;
  a->gain_db += step;
  a->gain_from = a->gain_to;
  a->gain_to = db_to_lin(a->gain_db);
}

/* Largest limiter gain that keeps peak (after digital gain) inside the ceiling. */
static inline float limit_for(const cc_agc* a, float peak) {
  return peak > a->ceiling ? a->ceiling / peak : 1.0f;
}

/*
 * One piece: at most one sub-block, never crossing a frame edge. The digital
 * gain ramps from gain_from to gain_to across the frame.
 */
static void process_piece(cc_agc* a, float* x, int32_t n, float next_peak_limit) {
  float inv_frame = 1.0f / (float)a->frame_len;
  float slope = (a->gain_to - a->gain_from) * inv_frame;
  float g0 = a->gain_from + slope * (float)a->frame_pos;
  float peak = 0.0f, energy = 0.0f;
  for (int32_t i = 0; i < n; i++) {
    float v = x[i];
    energy += v * v;
    float y = fabsf(v * (g0 + slope * (float)i));
    if (y > peak) peak = y;
  }
  a->frame_energy += energy;
  float here = limit_for(a, peak);
  /* Start edge: carried gain, lowered at once if this piece needs it (attack). */
  float start = a->lim_gain < here ? a->lim_gain : here;
  /* End edge: release toward 1, bounded by this piece and the next one's needs. */
  float end = start * db_to_lin(RELEASE_DB_PER_MS * 1000.0f * (float)n / (float)a->rate);
  if (end > 1.0f) end = 1.0f;
  if (end > here) end = here;
  if (end > next_peak_limit) end = next_peak_limit;
  float lstep = (end - start) / (float)n;
  for (int32_t i = 0; i < n; i++) {
    float y = x[i] * (g0 + slope * (float)i) * (start + lstep * (float)i);
    /* Exact bound: both ramps stay within [start, end] x digital gain <= here. */
    x[i] = y > a->ceiling ? a->ceiling : (y < -a->ceiling ? -a->ceiling : y);
  }
  a->lim_gain = end;
  a->frame_pos += n;
  if (a->frame_pos == a->frame_len) {
    a->frame_pos = 0;
    end_frame(a);
  }
}

/* Peak of the digitally gained signal over the piece starting at x (length n). */
static float piece_peak(const cc_agc* a, const float* x, int32_t n, int32_t frame_pos) {
  float slope = (a->gain_to - a->gain_from) / (float)a->frame_len;
  float g0 = a->gain_from + slope * (float)frame_pos;
  float peak = 0.0f;
  for (int32_t i = 0; i < n; i++) {
    float y = fabsf(x[i] * (g0 + slope * (float)i));
    if (y > peak) peak = y;
  }
  return peak;
}

/* Length of the piece starting at frame position pos with `left` samples remaining. */
static int32_t piece_len(const cc_agc* a, int32_t pos, int32_t left) {
  int32_t sub = pos / a->sub_len;
  int32_t sub_end = sub >= SUB_BLOCKS - 1 ? a->frame_len : (sub + 1) * a->sub_len;
  int32_t len = sub_end - pos;
  return len < left ? len : left;
}

CC_EXPORT int32_t cc_agc_process(cc_agc* a, float* x, int32_t n) {
  if (!cc_live(a, CC_MAGIC_AGC)) return CC_ERR_HANDLE;
  if (n == 0) return CC_OK;
  if (n < 0 || !cc_in_heap(x, (size_t)n, 4)) return CC_ERR_ARGUMENT;
  int32_t i = 0;
  while (i < n) {
    int32_t len = piece_len(a, a->frame_pos, n - i);
    /* Look one piece ahead inside this chunk (same frame only: the gain ramp changes at frame edges). */
    float next_limit = 1.0f;
    int32_t next_pos = a->frame_pos + len;
    if (i + len < n && next_pos < a->frame_len) {
      int32_t next_len = piece_len(a, next_pos, n - i - len);
      next_limit = limit_for(a, piece_peak(a, x + i + len, next_len, next_pos));
    }
    process_piece(a, x + i, len, next_limit);
    i += len;
  }
  return CC_OK;
}

CC_EXPORT float cc_agc_gain_db(const cc_agc* a) { return cc_live(a, CC_MAGIC_AGC) ? a->gain_db : NAN; }

CC_EXPORT float cc_agc_speech_dbfs(const cc_agc* a) {
  if (!cc_live(a, CC_MAGIC_AGC)) return NAN;
  return a->speech_frames > 0 ? power_to_db(a->speech_power) : -INFINITY;
}

CC_EXPORT float cc_agc_noise_dbfs(const cc_agc* a) {
  return cc_live(a, CC_MAGIC_AGC) ? a->noise_dbfs : NAN;
}

CC_EXPORT int32_t cc_agc_reset(cc_agc* a) {
  if (!cc_live(a, CC_MAGIC_AGC)) return CC_ERR_HANDLE;
  reset_state(a);
  return CC_OK;
}

CC_EXPORT int32_t cc_agc_destroy(cc_agc* a) {
  if (!cc_live(a, CC_MAGIC_AGC)) return CC_ERR_HANDLE;
  a->magic = 0;
  free(a);
  return CC_OK;
}
