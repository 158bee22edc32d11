// Generators of valid, canonical session messages (decode(encode(m)) deep-equals m).
import fc from "fast-check";
import { MessageParam } from "../../message-params.ts";
import {
  authToken,
  errorCode,
  location,
  messageParameters,
  pairsOf,
  rec,
  text,
  varint,
} from "../../testing/arbitrary-parts.ts";
import { RequestErrorCode16 } from "../request-error-codes.ts";
import type { GoAway } from "./goaway.ts";
import type { MaxRequestId } from "./max-request-id.ts";
import type { RequestError } from "./request-error.ts";
import type { RequestOk } from "./request-ok.ts";
import type { RequestsBlocked } from "./requests-blocked.ts";
import type { ClientSetup, ServerSetup, SetupParameters } from "./setup.ts";

/** Setup Parameter types neither draft defines. */
const UNKNOWN_SETUP = [0x06, 0x08, 0x09, 0x2a, 0x2b, 0x3fff];

function setupParameters(draft: 14 | 16, fromClient: boolean): fc.Arbitrary<SetupParameters> {
  // draft-14 gives AUTHORITY (client) and MOQT_IMPLEMENTATION (server) the same type 0x05.
  const authority = draft === 16 || fromClient;
  const implementation = draft === 16 || !fromClient;
  return fc.record(
    {
      path: text(),
      maxRequestId: varint,
      authorizationTokens: fc.array(authToken, { minLength: 1, maxLength: 2 }),
      maxAuthTokenCacheSize: varint,
      ...(authority && { authority: text() }),
      ...(implementation && { implementation: text() }),
      unknown: pairsOf(UNKNOWN_SETUP),
    },
    { noNullPrototype: true, requiredKeys: [] },
  );
}

export type SessionMessage =
  | ClientSetup
  | ServerSetup
  | GoAway
  | MaxRequestId
  | RequestsBlocked
  | RequestOk
  | RequestError;

const goAway: fc.Arbitrary<GoAway> = rec({
  kind: fc.constant("goAway" as const),
  newSessionUri: text(40),
});
const maxRequestId: fc.Arbitrary<MaxRequestId> = rec({
  kind: fc.constant("maxRequestId" as const),
  maxRequestId: varint,
});
const requestsBlocked: fc.Arbitrary<RequestsBlocked> = rec({
  kind: fc.constant("requestsBlocked" as const),
  maximumRequestId: varint,
});

/** REQUEST_OK may carry any draft-16 parameter; it lifts EXPIRES and LARGEST_OBJECT. */
const requestOk: fc.Arbitrary<RequestOk> = fc.record(
  {
    kind: fc.constant("requestOk" as const),
    requestId: varint,
    largestLocation: location,
    expiresMs: varint,
    parameters: messageParameters(16, [MessageParam.EXPIRES, MessageParam.LARGEST_OBJECT]),
  },
  { noNullPrototype: true, requiredKeys: ["kind", "requestId", "parameters"] },
);

const requestError: fc.Arbitrary<RequestError> = fc.record(
  {
    kind: fc.constant("requestError" as const),
    requestId: varint,
    errorCode: errorCode(RequestErrorCode16),
    // The wire adds 1, which must stay within 2^53-1.
    retryIntervalMs: varint.filter((v) => v < Number.MAX_SAFE_INTEGER),
    reason: text(),
  },
  { noNullPrototype: true, requiredKeys: ["kind", "requestId", "errorCode", "reason"] },
);

export const arbitraries: Record<14 | 16, fc.Arbitrary<SessionMessage>[]> = {
  14: [
    fc.record(
      {
        kind: fc.constant("clientSetup" as const),
        versions: fc.array(varint, { minLength: 1, maxLength: 3 }),
        parameters: setupParameters(14, true),
      },
      { noNullPrototype: true },
    ),
    fc.record(
      {
        kind: fc.constant("serverSetup" as const),
        selectedVersion: varint,
        parameters: setupParameters(14, false),
      },
      { noNullPrototype: true },
    ),
    goAway,
    maxRequestId,
    requestsBlocked,
  ],
  16: [
    fc.record(
      {
        kind: fc.constant("clientSetup" as const),
        parameters: setupParameters(16, true),
      },
      { noNullPrototype: true },
    ),
    fc.record(
      {
        kind: fc.constant("serverSetup" as const),
        parameters: setupParameters(16, false),
      },
      { noNullPrototype: true },
    ),
    goAway,
    maxRequestId,
    requestsBlocked,
    requestOk,
    requestError,
  ],
};
