import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Core } from "../core.ts";
import { loadCore } from "../load.ts";

const root = resolve(import.meta.dirname, "../../..");

/** Path of the built core, building it first (scripts/build-wasm.sh is a no-op when up to date). */
export function coreWasmPath(): string {
  const wasm = resolve(root, "wasm/build/core.wasm");
  execFileSync("bash", [resolve(root, "scripts/build-wasm.sh")], { stdio: "ignore" });
  if (!existsSync(wasm))
    throw new Error("wasm/build/core.wasm missing: run bash scripts/build-wasm.sh");
  return wasm;
}

/** The bytes of wasm/build/core.wasm. */
export function coreWasmBytes(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(coreWasmPath()));
}

/** Loads the same core.wasm the browser uses, in Node. */
export function loadNodeCore(): Promise<Core> {
  return loadCore(coreWasmBytes());
}
