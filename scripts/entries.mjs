// Public entry points: one per package.json subpath export.
export const ENTRIES = {
  moqt: "src/moqt/index.ts",
  core: "src/core/index.ts",
  voice: "src/voice/index.ts",
  "core-capture-worklet": "worklets/core-capture.ts",
};

// AudioWorklet modules built one by one into self-contained files (a worklet
// module cannot import a shared chunk).
export const WORKLETS = {
  "playout-worklet": "worklets/playout.ts",
};

// The IIFE bundle for <script> tags exposes window.ClutchCall.
export const IIFE_ENTRY = "src/iife.ts";
export const IIFE_GLOBAL = "ClutchCall";
