/** A worklet module imported for its URL (Vite `?worker&url`, or scripts/self-contained.mjs in builds). */
declare module "*worklets/playout.ts?worker&url" {
  const url: string;
  export default url;
}

declare module "*worklets/core-capture.ts?worker&url" {
  const url: string;
  export default url;
}
