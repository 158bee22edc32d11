/** A .wasm file imported for its URL (Vite `?url`, or scripts/vite-wasm-asset.mjs in builds). */
declare module "*.wasm?url" {
  const url: string;
  export default url;
}

/** A worker script imported for its URL (Vite `?worker&url`, or scripts/self-contained.mjs in builds). */
declare module "*worker.ts?worker&url" {
  const url: string;
  export default url;
}
