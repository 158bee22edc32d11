import { ClutchCallError } from "../../errors.ts";

/** Why the softphone (microphone capture or playout) refused or stopped. */
export const SoftphoneErrorCode = {
  /** An option or argument is out of range or of the wrong type. */
  InvalidArgument: "SOFTPHONE_INVALID_ARGUMENT",
  /** The browser lacks an API this path needs (WebCodecs, AudioWorklet, getUserMedia). */
  NotSupported: "SOFTPHONE_NOT_SUPPORTED",
  /** The microphone could not be opened (permission refused, no such device). */
  Device: "SOFTPHONE_DEVICE",
  /** The worklet module could not be loaded or did not start. */
  Worklet: "SOFTPHONE_WORKLET",
  /**
   * The page asked for a SharedArrayBuffer ring but the worklet never saw it:
   * COOP/COEP (and CORP) headers are missing on the page or the worklet script.
   */
  CrossOriginIsolation: "SOFTPHONE_CROSS_ORIGIN_ISOLATION",
  /** The codec rejected its configuration or a frame. */
  Codec: "SOFTPHONE_CODEC",
  /** The capture or player was closed. */
  Closed: "SOFTPHONE_CLOSED",
} as const;

/** One of the {@link SoftphoneErrorCode} values. */
export type SoftphoneErrorCode = (typeof SoftphoneErrorCode)[keyof typeof SoftphoneErrorCode];

/** The error `captureMicrophone` and `OpusPlayer` throw. */
export class SoftphoneError extends ClutchCallError {
  declare readonly code: SoftphoneErrorCode;

  constructor(
    code: SoftphoneErrorCode,
    message: string,
    options: { fatal?: boolean; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}

/** A non-fatal INVALID_ARGUMENT error. */
export function invalidArgument(message: string): SoftphoneError {
  return new SoftphoneError(SoftphoneErrorCode.InvalidArgument, message);
}
