import { asCoreExports, CORE_ABI_VERSION } from "./abi.ts";
import { Core } from "./core.ts";
import { CoreError, CoreErrorCode } from "./errors.ts";
import { CoreRuntime } from "./runtime.ts";

/** The whole import object of core.wasm: it is a standalone module. */
function coreImports(): WebAssembly.Imports {
  return { env: { emscripten_notify_memory_growth: () => {} } };
}

function start(instance: WebAssembly.Instance): Core {
  const exports = asCoreExports(instance.exports);
  exports._initialize();
  const abi = exports.cc_abi_version();
  if (abi !== CORE_ABI_VERSION) {
    throw new CoreError(
      CoreErrorCode.AbiMismatch,
      `core.wasm speaks C API ${abi}, these bindings ${CORE_ABI_VERSION}`,
      { fatal: true },
    );
  }
  return new Core(new CoreRuntime(exports));
}

/** A failed instantiation as a fatal CoreError (CoreErrors pass through). */
function loadFailed(error: unknown): CoreError {
  if (error instanceof CoreError) return error;
  return new CoreError(CoreErrorCode.LoadFailed, `cannot instantiate core.wasm: ${String(error)}`, {
    fatal: true,
    cause: error,
  });
}

/**
 * Instantiates the core synchronously from a compiled module or the .wasm
 * bytes. Meant for AudioWorklet processors, which receive either in
 * `processorOptions` and cannot await.
 */
export function instantiateCore(wasm: WebAssembly.Module | BufferSource): Core {
  try {
    const module = wasm instanceof WebAssembly.Module ? wasm : new WebAssembly.Module(wasm);
    return start(new WebAssembly.Instance(module, coreImports()));
  } catch (error) {
    throw loadFailed(error);
  }
}

/** Instantiates the core asynchronously from a compiled module. */
export async function instantiateCoreAsync(module: WebAssembly.Module): Promise<Core> {
  try {
    return start(await WebAssembly.instantiate(module, coreImports()));
  } catch (error) {
    throw loadFailed(error);
  }
}
