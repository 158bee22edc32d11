// Version-neutral names for request error codes. draft-14 has one registry per
// request type (SUBSCRIBE_ERROR, FETCH_ERROR, ...), draft-16 one REQUEST_ERROR
// registry; the same condition has different numbers across them.
import { FetchErrorCode14 } from "../wire/control/fetch/codes.ts";
import {
  PublishNamespaceErrorCode14,
  SubscribeNamespaceErrorCode14,
} from "../wire/control/namespace/codes.ts";
import { PublishErrorCode14 } from "../wire/control/publish/codes.ts";
import { RequestErrorCode16, SubscribeErrorCode14 } from "../wire/control/subscribe/codes.ts";
import { TrackStatusErrorCode14 } from "../wire/control/track-status/codes.ts";
import type { RequestKind } from "./request-kind.ts";

/** A request failure condition, named as draft-16 §"REQUEST_ERROR" names it. */
export const RequestErrorName = {
  INTERNAL_ERROR: "INTERNAL_ERROR",
  UNAUTHORIZED: "UNAUTHORIZED",
  TIMEOUT: "TIMEOUT",
  NOT_SUPPORTED: "NOT_SUPPORTED",
  MALFORMED_AUTH_TOKEN: "MALFORMED_AUTH_TOKEN",
  EXPIRED_AUTH_TOKEN: "EXPIRED_AUTH_TOKEN",
  DOES_NOT_EXIST: "DOES_NOT_EXIST",
  INVALID_RANGE: "INVALID_RANGE",
  MALFORMED_TRACK: "MALFORMED_TRACK",
  DUPLICATE_SUBSCRIPTION: "DUPLICATE_SUBSCRIPTION",
  UNINTERESTED: "UNINTERESTED",
  PREFIX_OVERLAP: "PREFIX_OVERLAP",
  INVALID_JOINING_REQUEST_ID: "INVALID_JOINING_REQUEST_ID",
} as const;
export type RequestErrorName = (typeof RequestErrorName)[keyof typeof RequestErrorName];

type Table = Readonly<Record<string, number>>;

/** draft-14 registry per request kind (SUBSCRIBE_UPDATE has no answer, hence none). */
const TABLES_14: Readonly<Record<RequestKind, Table>> = {
  subscribe: SubscribeErrorCode14,
  fetch: FetchErrorCode14,
  publish: PublishErrorCode14,
  publishNamespace: PublishNamespaceErrorCode14,
  subscribeNamespace: SubscribeNamespaceErrorCode14,
  trackStatus: TrackStatusErrorCode14,
  requestUpdate: {},
};

/** draft-14 spellings of the neutral names. */
const ALIASES_14: Readonly<Partial<Record<RequestErrorName, readonly string[]>>> = {
  DOES_NOT_EXIST: ["TRACK_DOES_NOT_EXIST", "NAMESPACE_PREFIX_UNKNOWN"],
  PREFIX_OVERLAP: ["NAMESPACE_PREFIX_OVERLAP"],
};

function table(kind: RequestKind, draft: 14 | 16): Table {
  return draft === 16 ? RequestErrorCode16 : TABLES_14[kind];
}

/**
 * The wire code for `name` answering a `kind` request in `draft`; INTERNAL_ERROR
 * (0 in every registry) when that registry has no such condition.
 */
export function requestErrorCode(
  name: RequestErrorName,
  kind: RequestKind,
  draft: 14 | 16,
): number {
  const t = table(kind, draft);
  for (const spelling of [name, ...(draft === 14 ? (ALIASES_14[name] ?? []) : [])]) {
    const code = t[spelling];
    if (code !== undefined) return code;
  }
  return RequestErrorCode16.INTERNAL_ERROR;
}

/** The neutral name of a wire code answering a `kind` request, if the registry defines it. */
export function requestErrorName(
  code: number,
  kind: RequestKind,
  draft: 14 | 16,
): RequestErrorName | undefined {
  for (const [spelling, value] of Object.entries(table(kind, draft))) {
    if (value !== code) continue;
    if (spelling in RequestErrorName) return spelling as RequestErrorName;
    for (const [name, aliases] of Object.entries(ALIASES_14)) {
      if (aliases.includes(spelling)) return name as RequestErrorName;
    }
  }
  return undefined;
}
