#!/usr/bin/env bash
# Idempotent setup for a fresh Debian machine with Node 20: system packages,
# npm packages, and the WASM build. Installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v emcc >/dev/null 2>&1 || missing+=(emscripten)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
command -v strace >/dev/null 2>&1 || missing+=(strace) # system calls per delivery in the relay benchmarks
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp=node_modules/.clutchcall-setup
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  # `npm install` (which follows the lock file) rather than `npm ci`: npm 11 leaves
  # other platforms' optional packages out of the lock file and `npm ci` then refuses it.
  echo "setup: npm install" >&2
  npm install --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > "$stamp"
fi

if [ -f scripts/build-wasm.sh ]; then bash scripts/build-wasm.sh; fi

# The PSTN simulator's spoken prompt (+15550100005), rendered once: espeak-ng
# speaks it, ffmpeg makes it 8 kHz 16-bit PCM. Without either, the number plays tones.
prompt=.cache/voice/prompt-8k.s16le
if [ ! -s "$prompt" ] && command -v espeak-ng >/dev/null 2>&1 && command -v ffmpeg >/dev/null 2>&1; then
  mkdir -p .cache/voice
  espeak-ng --stdout "Thank you for calling the ClutchCall test line. This is a recorded prompt." \
    | ffmpeg -v error -y -i pipe:0 -ac 1 -ar 8000 -f s16le "$prompt.tmp" && mv "$prompt.tmp" "$prompt" \
    || echo "setup: could not render the simulator prompt; +15550100005 will play tones" >&2
fi
