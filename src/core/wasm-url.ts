import url from "../../wasm/build/core.wasm?url";

/**
 * URL of core.wasm as the bundler emitted it (scripts/vite-wasm-asset.mjs makes
 * it one separate asset). Loaded lazily so that Node code never resolves it.
 */
export function coreWasmUrl(): string {
  return new URL(url, globalThis.location?.href).href;
}
