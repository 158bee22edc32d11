/** A worklet module imported for its URL (Vite `?worker&url`, or scripts/self-contained.mjs in builds). */
declare module "*worklets/broadcast-audio.ts?worker&url" {
  const url: string;
  export default url;
}
