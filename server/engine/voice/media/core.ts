import type { Core } from "../../../../src/core/core.ts";
import { instantiateCoreAsync } from "../../../../src/core/instantiate.ts";

/** The core.wasm that scripts/build-wasm.sh builds (the same module the browser loads). */
export const CORE_WASM_URL = new URL("../../../../wasm/build/core.wasm", import.meta.url);

/** Where core.wasm may be: the repository build, or the SDK package's asset. */
function coreWasmCandidates(): URL[] {
  const urls = [CORE_WASM_URL];
  try {
    urls.push(new URL(import.meta.resolve("@clutchcall/sdk/core.wasm")));
  } catch {
    // the SDK package is not installed next to the dev server
  }
  return urls;
}

async function readCoreWasm(): Promise<Uint8Array<ArrayBuffer>> {
  for (const url of coreWasmCandidates()) {
    try {
      return await Deno.readFile(url);
    } catch {
      // try the next place
    }
  }
  throw new Error(
    `core.wasm not found at ${CORE_WASM_URL.pathname}: run bash scripts/build-wasm.sh`,
  );
}

let shared: Promise<Core> | undefined;

/** The engine's one WASM core instance (its processors share one heap). */
export function engineCore(): Promise<Core> {
  shared ??= readCoreWasm().then(
    async (bytes) => instantiateCoreAsync(await WebAssembly.compile(bytes)),
    (e: unknown) => {
      shared = undefined;
      throw e;
    },
  );
  return shared;
}
