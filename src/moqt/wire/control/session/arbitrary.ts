// Generators of valid, canonical session messages (decode(encode(m)) deep-equals m),
// plus the field generators other families build on.
import fc from "fast-check";
import type { AuthToken } from "../../auth-token.ts";
import type { Location } from "../../fields.ts";
import type { KeyValuePair } from "../../key-value.ts";
import type { MessageParameters } from "../../message-params.ts";
import type { TrackNamespace } from "../../namespace.ts";
import type { GoAway } from "./goaway.ts";
import type { MaxRequestId } from "./max-request-id.ts";
import type { RequestError } from "./request-error.ts";
import type { RequestOk } from "./request-ok.ts";
import type { RequestsBlocked } from "./requests-blocked.ts";
import type { ClientSetup, ServerSetup, SetupParameters } from "./setup.ts";

/** A varint value, spread over the 1-, 2-, 4- and 8-byte encodings. */
export const varint: fc.Arbitrary<number> = fc.oneof(
  fc.nat(0x3f),
  fc.nat(0x3fff),
  fc.nat(0x3fffffff),
  fc.maxSafeNat(),
);

export const smallBytes = (maxLength = 8): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });

/** UTF-8 text well under the 1024-byte reason phrase limit. */
export const text = (maxLength = 16): fc.Arbitrary<string> =>
  fc.string({ unit: "grapheme", maxLength });

export const location: fc.Arbitrary<Location> = fc.record(
  { group: varint, object: varint },
  { noNullPrototype: true },
);

export const trackNamespace: fc.Arbitrary<TrackNamespace> = fc.array(
  fc.uint8Array({ minLength: 1, maxLength: 8 }),
  { minLength: 1, maxLength: 4 },
);

export const authToken: fc.Arbitrary<AuthToken> = fc.oneof(
  fc.record(
    { aliasType: fc.constant("delete" as const), alias: varint },
    { noNullPrototype: true },
  ),
  fc.record(
    {
      aliasType: fc.constant("register" as const),
      alias: varint,
      tokenType: varint,
      value: smallBytes(),
    },
    { noNullPrototype: true },
  ),
  fc.record(
    { aliasType: fc.constant("useAlias" as const), alias: varint },
    { noNullPrototype: true },
  ),
  fc.record(
    { aliasType: fc.constant("useValue" as const), tokenType: varint, value: smallBytes() },
    { noNullPrototype: true },
  ),
);

/** A pair of `type`: a varint value for an even type, bytes for an odd one. */
export function pairOf(type: number): fc.Arbitrary<KeyValuePair> {
  return type % 2 === 1
    ? smallBytes().map((value) => ({ type, value }))
    : varint.map((value) => ({ type, value }));
}

/** Pairs for a subset of `types`, kept in the order given. */
export function pairsOf(types: readonly number[]): fc.Arbitrary<KeyValuePair[]> {
  return fc
    .subarray([...types], { minLength: 1 })
    .chain((picked) => fc.tuple(...picked.map(pairOf)));
}

/** draft-14 types that are not Message Parameters there (kept as `unknown`). */
const UNKNOWN_14 = [0x00, 0x01, 0x05, 0x08, 0x09, 0x20, 0x21, 0x2a, 0x3fff, 0x40000];

/**
 * Message Parameters for `draft`. `foreign16` lists draft-16 parameter types defined for
 * other messages (the decoder keeps them in `unknown`); draft-16 forbids any other.
 */
export function messageParameters(
  draft: 14 | 16,
  foreign16: readonly number[] = [],
): fc.Arbitrary<MessageParameters> {
  const unknown = draft === 14 ? pairsOf(UNKNOWN_14) : pairsOf(foreign16);
  return fc.record(
    {
      authorizationTokens: fc.array(authToken, { minLength: 1, maxLength: 3 }),
      // draft-16 §"DELIVERY TIMEOUT Parameter": must be greater than 0.
      deliveryTimeoutMs: varint.filter((v) => v > 0),
      ...(draft === 14 && { maxCacheDurationMs: varint }),
      ...((draft === 14 || foreign16.length > 0) && { unknown }),
    },
    { noNullPrototype: true, requiredKeys: [] },
  );
}

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

const goAway: fc.Arbitrary<GoAway> = fc.record(
  {
    kind: fc.constant("goAway" as const),
    newSessionUri: text(40),
  },
  { noNullPrototype: true },
);
const maxRequestId: fc.Arbitrary<MaxRequestId> = fc.record(
  {
    kind: fc.constant("maxRequestId" as const),
    maxRequestId: varint,
  },
  { noNullPrototype: true },
);
const requestsBlocked: fc.Arbitrary<RequestsBlocked> = fc.record(
  {
    kind: fc.constant("requestsBlocked" as const),
    maximumRequestId: varint,
  },
  { noNullPrototype: true },
);

/** REQUEST_OK may carry any draft-16 parameter it does not lift itself. */
const requestOk: fc.Arbitrary<RequestOk> = fc.record(
  {
    kind: fc.constant("requestOk" as const),
    requestId: varint,
    largestLocation: location,
    expiresMs: varint,
    parameters: messageParameters(16, [0x10, 0x20, 0x21, 0x22, 0x32]),
  },
  { noNullPrototype: true, requiredKeys: ["kind", "requestId", "parameters"] },
);

const requestError: fc.Arbitrary<RequestError> = fc.record(
  {
    kind: fc.constant("requestError" as const),
    requestId: varint,
    errorCode: varint,
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
