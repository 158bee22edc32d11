import type { Core } from "./core.ts";
import { CoreError, CoreErrorCode } from "./errors.ts";
import { instantiateCoreAsync } from "./instantiate.ts";

/**
 * Where to get core.wasm: its bytes, an already compiled module, a URL to
 * fetch, or a fetch response. Omitted: the asset the bundler emitted.
 */
export type CoreSource = BufferSource | WebAssembly.Module | URL | string | Response;

async function bytesOf(source: URL | string | Response): Promise<ArrayBuffer> {
  const response = source instanceof Response ? source : await fetch(source);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${response.url}`);
  return response.arrayBuffer();
}

/**
 * Compiles core.wasm once; the module can be posted to workers and worklets
 * (`loadCoreWorker`, `processorOptions`) so they skip fetching and compiling.
 */
export async function compileCore(source?: CoreSource): Promise<WebAssembly.Module> {
  try {
    if (source instanceof WebAssembly.Module) return source;
    if (source === undefined) {
      const { coreWasmUrl } = await import("./wasm-url.ts");
      return await WebAssembly.compile(await bytesOf(coreWasmUrl()));
    }
    if (typeof source === "string" || source instanceof URL || source instanceof Response) {
      return await WebAssembly.compile(await bytesOf(source));
    }
    return await WebAssembly.compile(source);
  } catch (error) {
    throw new CoreError(CoreErrorCode.LoadFailed, `cannot load core.wasm: ${String(error)}`, {
      fatal: true,
      cause: error,
    });
  }
}

/**
 * Loads the WASM audio core on the calling thread (browser main thread, worker,
 * Node). In Node pass the bytes (`readFile` of core.wasm): there is no URL to fetch.
 */
export async function loadCore(source?: CoreSource): Promise<Core> {
  return instantiateCoreAsync(await compileCore(source));
}
