import { type Remote, releaseProxy, wrap } from "comlink";
import { installCoreErrorTransfer } from "./comlink-errors.ts";
import { CoreError, CoreErrorCode } from "./errors.ts";
import { type CoreSource, compileCore } from "./load.ts";
import { startModuleWorker } from "./start-worker.ts";
import workerUrl from "./worker.ts?worker&url";
import type { CoreService } from "./worker-service.ts";

/** The core running in a Web Worker: {@link CoreApi} with every call returning a Promise. */
export type RemoteCore = Remote<CoreService>;

/** Options of {@link loadCoreWorker}. */
export interface CoreWorkerOptions {
  /** Where to get core.wasm; compiled here once and posted to the worker. */
  wasm?: CoreSource;
  /**
   * URL of the worker script (`@clutchcall/sdk/workers/core`, one self-contained
   * file), for when it is served from somewhere else than next to this module:
   * a bundler that does not copy it, or a CDN. Another origin is fine: the worker
   * is started through a same-origin module shim. Default: the file next to this module.
   */
  workerUrl?: string | URL;
  /** A worker already running the core worker script; `workerUrl` is then unused. */
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
  const { worker, loaded } =
    options.worker === undefined
      ? startModuleWorker(options.workerUrl ?? workerUrl, "clutchcall-core")
      : { worker: options.worker, loaded: () => {} };
  const core = wrap<CoreService>(worker);
  try {
    await Promise.race([core.init(module), loadFailure(worker)]);
  } catch (error) {
    worker.terminate();
    throw error;
  } finally {
    loaded();
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

/** Rejects when the worker script cannot be loaded (404, CORS, syntax error). */
function loadFailure(worker: Worker): Promise<never> {
  return new Promise((_, reject) => {
    worker.addEventListener(
      "error",
      (event) => {
        const detail = event instanceof ErrorEvent && event.message ? `: ${event.message}` : "";
        reject(
          new CoreError(
            CoreErrorCode.LoadFailed,
            `the core worker script did not load${detail} (pass its URL as workerUrl)`,
            { fatal: true },
          ),
        );
      },
      { once: true },
    );
  });
}
