// Public entry points. To add a subpath: one line here, and the same subpath in
// package.json "exports" (the build checks that both agree).

/** ESM entries, keyed by package subpath; built module-per-file (tree-shakeable). */
export const ENTRIES = {
  ".": "src/index.ts",
  "./moqt": "src/moqt/index.ts",
  "./core": "src/core/index.ts",
  "./streams": "src/streams/index.ts",
  "./voice": "src/voice/index.ts",
  "./player": "src/player/index.ts",
};

/**
 * Worker and worklet scripts, keyed by package subpath: each is bundled into ONE
 * self-contained file (no shared chunks, no bare imports) at `dist/<subpath>.js`,
 * so it can be loaded by URL (`new Worker`, `audioWorklet.addModule`, `?url`).
 */
export const SELF_CONTAINED = {
  "./workers/core": "src/core/worker.ts",
  "./worklets/core-capture": "worklets/core-capture.ts",
  "./worklets/playout": "worklets/playout.ts",
  "./worklets/broadcast-audio": "worklets/broadcast-audio.ts",
  "./workers/softphone-decoder": "src/voice/softphone/decoder-worker.ts",
  "./workers/canvas-render": "src/streams/viewer/render-worker.ts",
};

// The IIFE bundle for <script> tags exposes window.ClutchCall.
export const IIFE_ENTRY = "src/iife.ts";
export const IIFE_GLOBAL = "ClutchCall";
