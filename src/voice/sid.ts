import { VoiceError, VoiceErrorCode } from "./errors.ts";

const SID = /^[A-Za-z0-9_-]{1,64}$/;

/** Returns `sid` when it can name a call (1–64 of A–Z a–z 0–9 _ -); throws `VOICE_INVALID_ARGUMENT`. */
export function checkSid(sid: unknown): string {
  if (typeof sid !== "string" || !SID.test(sid)) {
    throw new VoiceError(
      VoiceErrorCode.INVALID_ARGUMENT,
      `sid must be a call sid such as "CA1f…" (got ${JSON.stringify(sid)})`,
    );
  }
  return sid;
}

/** The MoQT namespace of a call's tracks: `voice/<sid>` (seed 004 "Wire model"). */
export function callNamespace(sid: string): string {
  return `voice/${sid}`;
}
