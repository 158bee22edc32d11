/* Heap allocation for caller-owned sample buffers, and the ABI version. */
#include <stdlib.h>
#include <string.h>

#include "common.h"

CC_EXPORT int32_t cc_abi_version(void) { return CC_ABI_VERSION; }

/* Zeroed, 16-byte aligned; NULL for a non-positive size or when out of memory. */
CC_EXPORT void* cc_alloc(int32_t bytes) {
  if (bytes <= 0) return NULL;
  size_t rounded = ((size_t)bytes + 15u) & ~(size_t)15u;
  void* p = aligned_alloc(16, rounded);
  if (p != NULL) memset(p, 0, rounded);
  return p;
}

CC_EXPORT void cc_free(void* ptr) { free(ptr); }
