// Error codes a PUBLISH can be rejected with. The registries are open: decoders accept
// any value, these name the ones each draft defines.
import { CommonErrorCode14, requestErrorCodes } from "../request-error-codes.ts";

/** draft-14 §"PUBLISH_ERROR" (IANA "PUBLISH_ERROR Codes"). */
export const PublishErrorCode14 = { ...CommonErrorCode14, UNINTERESTED: 0x4 } as const;
export type PublishErrorCode14 = (typeof PublishErrorCode14)[keyof typeof PublishErrorCode14];

/** draft-16 §"REQUEST_ERROR" codes that answer a PUBLISH (§"REQUEST_ERROR Codes"). */
export const PublishErrorCode16 = requestErrorCodes("DUPLICATE_SUBSCRIPTION", "UNINTERESTED");
export type PublishErrorCode16 = (typeof PublishErrorCode16)[keyof typeof PublishErrorCode16];
