import { CoreError, CoreErrorCode } from "./errors.ts";

/** The C API version these bindings speak (CC_ABI_VERSION in clutchcall_core.h). */
export const CORE_ABI_VERSION = 1;

/** Law selectors of cc_g711_encode / cc_g711_decode. */
export const CLaw = { mulaw: 0, alaw: 1 } as const;

/** Pointer-sized heap offset into WASM linear memory. */
export type Ptr = number;

/** The exports of wasm/build/core.wasm, as declared in wasm/include/clutchcall_core.h. */
export interface CoreExports {
  readonly memory: WebAssembly.Memory;
  _initialize(): void;
  cc_abi_version(): number;
  cc_alloc(bytes: number): Ptr;
  cc_free(ptr: Ptr): void;
  cc_g711_encode(law: number, pcm: Ptr, codes: Ptr, n: number): number;
  cc_g711_decode(law: number, codes: Ptr, pcm: Ptr, n: number): number;
  cc_f32_to_s16(input: Ptr, output: Ptr, n: number): number;
  cc_s16_to_f32(input: Ptr, output: Ptr, n: number): number;
  cc_resampler_create(inRate: number, outRate: number): Ptr;
  cc_resampler_max_output(r: Ptr, nIn: number): number;
  cc_resampler_process(r: Ptr, input: Ptr, nIn: number, output: Ptr, capacity: number): number;
  cc_resampler_delay(r: Ptr): number;
  cc_resampler_taps(r: Ptr): number;
  cc_resampler_reset(r: Ptr): number;
  cc_resampler_destroy(r: Ptr): number;
  cc_agc_create(
    rate: number,
    targetDbfs: number,
    maxGainDb: number,
    maxGainChangeDbPerSecond: number,
    maxNoiseDbfs: number,
    limiterDbfs: number,
  ): Ptr;
  cc_agc_process(a: Ptr, x: Ptr, n: number): number;
  cc_agc_gain_db(a: Ptr): number;
  cc_agc_speech_dbfs(a: Ptr): number;
  cc_agc_noise_dbfs(a: Ptr): number;
  cc_agc_reset(a: Ptr): number;
  cc_agc_destroy(a: Ptr): number;
  cc_aec_create(rate: number, filterMs: number): Ptr;
  cc_aec_process(e: Ptr, far: Ptr, near: Ptr, out: Ptr, n: number): number;
  cc_aec_latency(e: Ptr): number;
  cc_aec_erle_db(e: Ptr): number;
  cc_aec_reset(e: Ptr): number;
  cc_aec_destroy(e: Ptr): number;
}

const FUNCTIONS = [
  "_initialize",
  "cc_abi_version",
  "cc_alloc",
  "cc_free",
  "cc_g711_encode",
  "cc_g711_decode",
  "cc_f32_to_s16",
  "cc_s16_to_f32",
  "cc_resampler_create",
  "cc_resampler_max_output",
  "cc_resampler_process",
  "cc_resampler_delay",
  "cc_resampler_taps",
  "cc_resampler_reset",
  "cc_resampler_destroy",
  "cc_agc_create",
  "cc_agc_process",
  "cc_agc_gain_db",
  "cc_agc_speech_dbfs",
  "cc_agc_noise_dbfs",
  "cc_agc_reset",
  "cc_agc_destroy",
  "cc_aec_create",
  "cc_aec_process",
  "cc_aec_latency",
  "cc_aec_erle_db",
  "cc_aec_reset",
  "cc_aec_destroy",
] as const satisfies readonly (keyof CoreExports)[];

/** Checks that an instance exports the whole C API, and returns it typed. */
export function asCoreExports(exports: WebAssembly.Exports): CoreExports {
  if (!(exports.memory instanceof WebAssembly.Memory)) {
    throw new CoreError(CoreErrorCode.LoadFailed, "core.wasm exports no memory", { fatal: true });
  }
  for (const name of FUNCTIONS) {
    if (typeof exports[name] !== "function") {
      throw new CoreError(CoreErrorCode.LoadFailed, `core.wasm lacks ${name}`, { fatal: true });
    }
  }
  return exports as unknown as CoreExports;
}

/** Negative statuses of the C API (CC_ERR_* in clutchcall_core.h). */
const STATUS: Record<number, CoreErrorCode> = {
  [-1]: CoreErrorCode.InvalidArgument,
  [-2]: CoreErrorCode.Freed,
  [-3]: CoreErrorCode.UnsupportedRate,
  [-4]: CoreErrorCode.FrameTooLong,
};

/** Returns a non-negative status; throws a CoreError for a negative one. */
export function checkStatus(status: number, what: string): number {
  if (status >= 0) return status;
  const code = STATUS[status] ?? CoreErrorCode.Internal;
  throw new CoreError(code, `${what} failed (status ${status})`);
}
