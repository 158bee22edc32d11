// Codes a request can fail with. The registries are open: decoders accept any value,
// these name the ones each draft defines. draft-14 has one registry per request type
// (see each family's codes.ts); draft-16 one REQUEST_ERROR registry for every request.

/** draft-14: the codes every per-request *_ERROR registry starts with. */
export const CommonErrorCode14 = {
  INTERNAL_ERROR: 0x0,
  UNAUTHORIZED: 0x1,
  TIMEOUT: 0x2,
  NOT_SUPPORTED: 0x3,
} as const;

/** draft-14: the authorization token codes that close most *_ERROR registries. */
export const AuthTokenErrorCode14 = {
  MALFORMED_AUTH_TOKEN: 0x10,
  EXPIRED_AUTH_TOKEN: 0x12,
} as const;

/** draft-16 §"REQUEST_ERROR" (IANA "REQUEST_ERROR Codes"); answers any draft-16 request. */
export const RequestErrorCode16 = {
  INTERNAL_ERROR: 0x0,
  UNAUTHORIZED: 0x1,
  TIMEOUT: 0x2,
  NOT_SUPPORTED: 0x3,
  MALFORMED_AUTH_TOKEN: 0x4,
  EXPIRED_AUTH_TOKEN: 0x5,
  DOES_NOT_EXIST: 0x10,
  INVALID_RANGE: 0x11,
  MALFORMED_TRACK: 0x12,
  DUPLICATE_SUBSCRIPTION: 0x19,
  UNINTERESTED: 0x20,
  PREFIX_OVERLAP: 0x30,
  INVALID_JOINING_REQUEST_ID: 0x32,
} as const;
export type RequestErrorCode16 = (typeof RequestErrorCode16)[keyof typeof RequestErrorCode16];

type RequestErrorName16 = keyof typeof RequestErrorCode16;

/** draft-16 §"REQUEST_ERROR": the codes any request may be answered with. */
const ANY_REQUEST = [
  "INTERNAL_ERROR",
  "UNAUTHORIZED",
  "TIMEOUT",
  "NOT_SUPPORTED",
  "MALFORMED_AUTH_TOKEN",
  "EXPIRED_AUTH_TOKEN",
] as const satisfies readonly RequestErrorName16[];

/**
 * The part of the REQUEST_ERROR table that answers one request type: the codes any
 * request may get plus `specific`, the ones §"REQUEST_ERROR" allows for that type.
 */
export function requestErrorCodes<K extends RequestErrorName16>(
  ...specific: readonly K[]
): { readonly [P in (typeof ANY_REQUEST)[number] | K]: (typeof RequestErrorCode16)[P] } {
  const out: Partial<Record<RequestErrorName16, number>> = {};
  for (const name of [...ANY_REQUEST, ...specific]) out[name] = RequestErrorCode16[name];
  return out as { [P in (typeof ANY_REQUEST)[number] | K]: (typeof RequestErrorCode16)[P] };
}
