#!/usr/bin/env bash
# Builds wasm/build/core.wasm from wasm/src/*.c with Debian's emcc.
# Standalone module (no Emscripten JS glue): the only import is
# env.emscripten_notify_memory_growth; call the `_initialize` export once.
# Idempotent: does nothing when the output is newer than every input.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/wasm/src"
out="$root/wasm/build"
wasm="$out/core.wasm"

if [[ "${1:-}" != "--force" && -f "$wasm" ]]; then
  newer="$(find "$src" "$root/wasm/include" "${BASH_SOURCE[0]}" -newer "$wasm" -type f | head -n 1)"
  if [[ -z "$newer" ]]; then
    echo "wasm/build/core.wasm is up to date"
    exit 0
  fi
fi

if ! command -v emcc >/dev/null 2>&1; then
  echo "emcc not found: apt-get install emscripten" >&2
  exit 1
fi
# Debian's emcc resolves acorn and friends from the system Node path.
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs"

mkdir -p "$out"
tmp="$out/core.tmp.wasm"
emcc -O3 -msimd128 -std=gnu11 -Wall -Wextra -Werror \
  --no-entry -sSTANDALONE_WASM=1 \
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=1048576 -sMAXIMUM_MEMORY=268435456 \
  -sTOTAL_STACK=65536 -sMALLOC=emmalloc -sERROR_ON_UNDEFINED_SYMBOLS=1 \
  -sFILESYSTEM=0 \
  "$src"/*.c -o "$tmp"
mv "$tmp" "$wasm"
echo "built wasm/build/core.wasm ($(wc -c <"$wasm") bytes)"
