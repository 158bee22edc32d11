import { ClutchCallError } from "../errors.ts";

/** Why the audio core refused an operation. */
export const CoreErrorCode = {
  /** A length, count or option is out of range or not an integer. */
  InvalidArgument: "CORE_INVALID_ARGUMENT",
  /** 16-bit PCM given as bytes had an odd byte count. */
  OddByteCount: "CORE_ODD_BYTE_COUNT",
  /** A sample rate other than 8, 16, 24, 32, 44.1 or 48 kHz. */
  UnsupportedRate: "CORE_UNSUPPORTED_RATE",
  /** More samples than the processor's heap buffers hold. */
  FrameTooLong: "CORE_FRAME_TOO_LONG",
  /** The processor was freed, or its core closed. */
  Freed: "CORE_FREED",
  /** The WASM heap could not grow. */
  OutOfMemory: "CORE_OUT_OF_MEMORY",
  /** The .wasm could not be fetched, compiled or instantiated. */
  LoadFailed: "CORE_LOAD_FAILED",
  /** The .wasm speaks another version of the C API. */
  AbiMismatch: "CORE_ABI_MISMATCH",
  /** The C core reported a status the bindings did not expect. */
  Internal: "CORE_INTERNAL",
} as const;

/** One of the {@link CoreErrorCode} values. */
export type CoreErrorCode = (typeof CoreErrorCode)[keyof typeof CoreErrorCode];

/**
 * The error the audio core throws. Bad input is rejected before it reaches the
 * WASM heap, so the core stays usable (`fatal: false`) unless it could not load.
 */
export class CoreError extends ClutchCallError {
  declare readonly code: CoreErrorCode;

  constructor(
    code: CoreErrorCode,
    message: string,
    options: { fatal?: boolean; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}
