// The <script>-tag bundle: every public module under one global, `ClutchCall`.
export * as core from "./core/index.ts";
export * as moqt from "./moqt/index.ts";
export * as streams from "./streams/index.ts";
export * as voice from "./voice/index.ts";
