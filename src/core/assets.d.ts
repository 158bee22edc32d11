/** A .wasm file imported for its URL (Vite `?url`, or scripts/vite-wasm-asset.mjs in builds). */
declare module "*.wasm?url" {
  const url: string;
  export default url;
}
