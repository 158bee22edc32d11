// Answers to requests, both drafts, collapsed to one result per request kind:
// draft-14 has an *_OK / *_ERROR pair per request, draft-16 answers most requests
// with REQUEST_OK / REQUEST_ERROR (SUBSCRIBE, FETCH, PUBLISH keep their own OK).

import type { FetchOk } from "../wire/control/fetch/fetch-ok.ts";
import type { PublishOk } from "../wire/control/publish/publish-ok.ts";
import type { SubscribeOk } from "../wire/control/subscribe/subscribe-ok.ts";
import type { ControlMessage } from "../wire/control.ts";
import type { GroupOrder, Location } from "../wire/fields.ts";
import type { MessageParameters } from "../wire/message-params.ts";
import { MoqtErrorCode, MoqtRequestError } from "./errors.ts";
import { requestErrorName } from "./request-error-codes.ts";
import type { RequestKind } from "./request-kind.ts";

/** The success of a request answered by REQUEST_OK (draft-16) or its draft-14 equivalent. */
export interface RequestOkResult {
  readonly requestId: number;
  /** TRACK_STATUS / REQUEST_UPDATE: the track's largest Location; absent: none yet. */
  readonly largestLocation?: Location;
  /** TRACK_STATUS: milliseconds a subscription would last (0: no expiry). */
  readonly expiresMs?: number;
  /** draft-14 TRACK_STATUS_OK: the publisher's group order. */
  readonly groupOrder?: GroupOrder;
  readonly parameters: MessageParameters;
}

/** What each request resolves with. */
export interface RequestResults {
  readonly subscribe: SubscribeOk;
  readonly fetch: FetchOk;
  readonly publish: PublishOk;
  readonly publishNamespace: RequestOkResult;
  readonly subscribeNamespace: RequestOkResult;
  readonly trackStatus: RequestOkResult;
  readonly requestUpdate: RequestOkResult;
}

const ALL: readonly RequestKind[] = [
  "subscribe",
  "fetch",
  "publish",
  "publishNamespace",
  "subscribeNamespace",
  "trackStatus",
  "requestUpdate",
];

/** Which requests each response message can answer. */
const ANSWERS = {
  subscribeOk: ["subscribe"],
  subscribeError: ["subscribe"],
  fetchOk: ["fetch"],
  fetchError: ["fetch"],
  publishOk: ["publish"],
  publishError: ["publish"],
  publishNamespaceOk: ["publishNamespace"],
  publishNamespaceError: ["publishNamespace"],
  subscribeNamespaceOk: ["subscribeNamespace"],
  subscribeNamespaceError: ["subscribeNamespace"],
  trackStatusOk: ["trackStatus"],
  trackStatusError: ["trackStatus"],
  requestOk: ["publishNamespace", "subscribeNamespace", "trackStatus", "requestUpdate"],
  requestError: ALL,
} as const satisfies Record<string, readonly RequestKind[]>;

/** A control message that answers a request. */
export type ResponseMessage = Extract<ControlMessage, { kind: keyof typeof ANSWERS }>;

/** True when `msg` answers a request. */
export function isResponse(msg: ControlMessage): msg is ResponseMessage {
  return msg.kind in ANSWERS;
}

/** The request kinds `msg` may answer. */
export function answerableKinds(msg: ResponseMessage): readonly RequestKind[] {
  return ANSWERS[msg.kind];
}

/** How a response settles its request. */
export type Settlement =
  | { readonly ok: true; readonly value: RequestResults[RequestKind] }
  | { readonly ok: false; readonly error: MoqtRequestError };

function rejected(
  msg: { requestId: number; errorCode: number; retryIntervalMs?: number },
  reason: string,
  kind: RequestKind,
  draft: 14 | 16,
): Settlement {
  const name = requestErrorName(msg.errorCode, kind, draft);
  return {
    ok: false,
    error: new MoqtRequestError({
      code: MoqtErrorCode.REQUEST_REJECTED,
      errorCode: msg.errorCode,
      ...(name !== undefined && { errorName: name }),
      reason,
      requestId: msg.requestId,
      ...(msg.retryIntervalMs !== undefined && { retryIntervalMs: msg.retryIntervalMs }),
    }),
  };
}

/** Settles a `kind` request with `msg` (already checked to be able to answer it). */
export function settle(msg: ResponseMessage, kind: RequestKind, draft: 14 | 16): Settlement {
  switch (msg.kind) {
    case "subscribeOk":
    case "fetchOk":
    case "publishOk":
      return { ok: true, value: msg };
    case "requestOk": {
      const { kind: _, ...rest } = msg;
      return { ok: true, value: rest };
    }
    case "trackStatusOk": {
      const { kind: _k, trackAlias: _a, ...rest } = msg;
      return { ok: true, value: rest };
    }
    case "publishNamespaceOk":
    case "subscribeNamespaceOk":
      return { ok: true, value: { requestId: msg.requestId, parameters: {} } };
    case "subscribeError":
    case "requestError":
      return rejected(msg, msg.reason, kind, draft);
    default:
      return rejected(msg, msg.reason, kind, draft);
  }
}
