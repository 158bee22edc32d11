import { ClutchCallError } from "../errors.ts";

/** Stable `code`s of the errors the voice modality throws or reports. */
export const VoiceErrorCode = {
  /** An argument is missing, of the wrong type or out of range (see the message). */
  INVALID_ARGUMENT: "VOICE_INVALID_ARGUMENT",
  /** A phone number is not E.164 (`+` then 2 to 15 digits, no leading 0). */
  INVALID_NUMBER: "VOICE_INVALID_NUMBER",
  /** The codec is not one of opus, pcm16, g711_ulaw, g711_alaw. */
  UNSUPPORTED_CODEC: "VOICE_UNSUPPORTED_CODEC",
  /** The sample rate, channel count or frame duration is not supported by the codec. */
  UNSUPPORTED_FORMAT: "VOICE_UNSUPPORTED_FORMAT",
  /** A written frame is not exactly `frameMs` of audio in the bridge's codec. */
  WRONG_FRAME_SIZE: "VOICE_WRONG_FRAME_SIZE",
  /** No call has this sid (in this org). */
  UNKNOWN_CALL: "VOICE_UNKNOWN_CALL",
  /** No built-in agent has this name. */
  UNKNOWN_AGENT: "VOICE_UNKNOWN_AGENT",
  /** The call already ended; it cannot be transferred, attached or hung up again. */
  CALL_ENDED: "VOICE_CALL_ENDED",
  /** The transfer target did not answer; the call continues as it was. */
  TRANSFER_FAILED: "VOICE_TRANSFER_FAILED",
  /** The idempotency key was used before with different arguments. */
  IDEMPOTENCY_CONFLICT: "VOICE_IDEMPOTENCY_CONFLICT",
  /** The API key or org was refused. */
  UNAUTHORIZED: "VOICE_UNAUTHORIZED",
  /** The control plane could not be reached or answered something unexpected. */
  REQUEST_FAILED: "VOICE_REQUEST_FAILED",
  /** The bridge was closed; it can no longer be written to. */
  CLOSED: "VOICE_CLOSED",
} as const;
/** One of the `VoiceErrorCode` values. */
export type VoiceErrorCode = (typeof VoiceErrorCode)[keyof typeof VoiceErrorCode];

/** An error of the voice modality: `code` says what went wrong, `fatal` whether the handle is unusable. */
export class VoiceError extends ClutchCallError {
  declare readonly code: VoiceErrorCode;

  constructor(
    code: VoiceErrorCode,
    message: string,
    options: { fatal?: boolean; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}

/** True when `value` is one of the `VoiceErrorCode` values. */
export function isVoiceErrorCode(value: unknown): value is VoiceErrorCode {
  return (Object.values(VoiceErrorCode) as unknown[]).includes(value);
}
