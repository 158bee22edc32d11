// Public entry points: one per package.json subpath export.
export const ENTRIES = {
  moqt: "src/moqt/index.ts",
  core: "src/core/index.ts",
  streams: "src/streams/index.ts",
  "core-capture-worklet": "worklets/core-capture.ts",
};

// The IIFE bundle for <script> tags exposes window.ClutchCall.
export const IIFE_ENTRY = "src/iife.ts";
export const IIFE_GLOBAL = "ClutchCall";
