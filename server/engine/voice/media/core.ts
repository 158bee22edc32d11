import type { Core } from "../../../../src/core/core.ts";
import { instantiateCoreAsync } from "../../../../src/core/instantiate.ts";

/** The core.wasm that scripts/build-wasm.sh builds (the same module the browser loads). */
export const CORE_WASM_URL = new URL("../../../../wasm/build/core.wasm", import.meta.url);

let shared: Promise<Core> | undefined;

/** The engine's one WASM core instance (its processors share one heap). */
export function engineCore(): Promise<Core> {
  shared ??= Deno.readFile(CORE_WASM_URL).then(
    async (bytes) => instantiateCoreAsync(await WebAssembly.compile(bytes)),
    (e: unknown) => {
      shared = undefined;
      throw new Error(`cannot read ${CORE_WASM_URL.pathname}: run bash scripts/build-wasm.sh`, {
        cause: e,
      });
    },
  );
  return shared;
}
