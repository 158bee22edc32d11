/* Internal helpers shared by the core's components. */
#ifndef CC_COMMON_H
#define CC_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "../include/clutchcall_core.h"

#define CC_EXPORT __attribute__((used, visibility("default")))

/* Per-kind tags stored first in every handle; cleared on destroy. */
#define CC_MAGIC_RESAMPLER 0x52534d50u
#define CC_MAGIC_AGC 0x41474332u
#define CC_MAGIC_AEC 0x41454331u

/* The sample rates every component accepts: 8, 16, 24, 32, 44.1 and 48 kHz. */
static inline int cc_supported_rate(int32_t rate) {
  return rate == 8000 || rate == 16000 || rate == 24000 || rate == 32000 || rate == 44100 ||
         rate == 48000;
}

/* True when [p, p + bytes) lies inside linear memory and p is aligned. */
static inline int cc_in_heap(const void* p, size_t count, size_t elem) {
  uintptr_t a = (uintptr_t)p;
  size_t size = __builtin_wasm_memory_size(0) * 65536u;
  if (a == 0 || (a % elem) != 0) return 0;
  if (count > size / elem) return 0;
  return a <= size - count * elem;
}

/* True when h points inside the heap at a live handle carrying `magic`. */
static inline int cc_live(const void* h, uint32_t magic) {
  return cc_in_heap(h, 1, sizeof(uint32_t)) && cc_in_heap(h, 2, sizeof(uint32_t)) &&
         *(const uint32_t*)h == magic;
}

#endif
