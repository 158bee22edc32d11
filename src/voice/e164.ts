import { VoiceError, VoiceErrorCode } from "./errors.ts";

// ITU-T E.164: a country code and subscriber number, at most 15 digits, no leading 0.
const E164 = /^\+[1-9]\d{1,14}$/;

/** Returns `number` when it is an E.164 number (`+15550100001`); throws `VOICE_INVALID_NUMBER`. */
export function checkE164(number: unknown, what: string): string {
  if (typeof number !== "string" || !E164.test(number)) {
    throw new VoiceError(
      VoiceErrorCode.INVALID_NUMBER,
      `${what} must be an E.164 number such as "+15550100001" (got ${JSON.stringify(number)})`,
    );
  }
  return number;
}
