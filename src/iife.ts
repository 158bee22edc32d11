// The <script>-tag bundle: every public module under one global, `ClutchCall`
// (loading it defines <clutchcall-player>).
export * as core from "./core/index.ts";
export * as moqt from "./moqt/index.ts";
export * as player from "./player/index.ts";
export * as streams from "./streams/index.ts";
export * as voice from "./voice/index.ts";
