import { type Remote, releaseProxy, wrap } from "comlink";
import { installCoreErrorTransfer } from "./comlink-errors.ts";
import { type CoreSource, compileCore } from "./load.ts";
import type { CoreService } from "./worker-service.ts";

/** The core running in a Web Worker: {@link CoreApi} with every call returning a Promise. */
export type RemoteCore = Remote<CoreService>;

/** Options of {@link loadCoreWorker}. */
export interface CoreWorkerOptions {
  /** Where to get core.wasm; compiled here once and posted to the worker. */
  wasm?: CoreSource;
  /** A worker running src/core/worker.ts; by default one is started. */
  worker?: Worker;
}

/** A core in a worker, and how to stop it. */
export interface CoreWorker {
  /** The remote core. */
  readonly core: RemoteCore;
  /** Frees everything in the worker and terminates it. */
  close(): Promise<void>;
}

/**
 * Starts the audio core in a Web Worker and talks to it through comlink. Same
 * processors and errors as `loadCore()` (a `CoreError` thrown in the worker is
 * re-thrown here with its code); arrays go in by copy and come back by transfer.
 */
export async function loadCoreWorker(options: CoreWorkerOptions = {}): Promise<CoreWorker> {
  installCoreErrorTransfer();
  const module = await compileCore(options.wasm);
  const worker =
    options.worker ??
    new Worker(new URL("./worker.ts", import.meta.url), {
      type: "module",
      name: "clutchcall-core",
    });
  const core = wrap<CoreService>(worker);
  try {
    await core.init(module);
  } catch (error) {
    worker.terminate();
    throw error;
  }
  return {
    core,
    async close() {
      try {
        await core.close();
      } finally {
        core[releaseProxy]();
        worker.terminate();
      }
    },
  };
}
