// Building the answer to an incoming request in the negotiated draft, from a
// version-neutral accept value or a MoqtRequestError.

import type { ControlMessage } from "../wire/control.ts";
import { GroupOrder, type Location } from "../wire/fields.ts";
import type { KeyValuePair } from "../wire/key-value.ts";
import type { MessageParameters } from "../wire/message-params.ts";
import type { SubscriptionFilter } from "../wire/subscription-filter.ts";
import type { MoqtRequestError } from "./errors.ts";
import { requestErrorCode } from "./request-error-codes.ts";
import type { RequestKind, RequestMessage } from "./request-kind.ts";

/** Accepting a SUBSCRIBE. */
export interface SubscribeAccept {
  readonly trackAlias: number;
  /** Milliseconds until the subscription ends; default 0 (no expiry). */
  readonly expiresMs?: number;
  /** draft-14 only; defaults to the subscriber's preference, else Ascending. */
  readonly groupOrder?: GroupOrder;
  /** The track's largest Location; absent when nothing was published yet. */
  readonly largestLocation?: Location;
  readonly parameters?: MessageParameters;
  /** draft-16 only. */
  readonly trackExtensions?: readonly KeyValuePair[];
}

/** Accepting a FETCH. */
export interface FetchAccept {
  readonly endOfTrack: boolean;
  /** The largest Object covered, as an end Location plus 1. */
  readonly endLocation: Location;
  /** draft-14 only; defaults to the fetcher's preference, else Ascending. */
  readonly groupOrder?: GroupOrder;
  readonly parameters?: MessageParameters;
  /** draft-16 only. */
  readonly trackExtensions?: readonly KeyValuePair[];
}

/** Accepting a PUBLISH (the answer is PUBLISH_OK). */
export interface PublishAccept {
  /** Default true. */
  readonly forward?: boolean;
  /** Default 128. */
  readonly subscriberPriority?: number;
  /** Default: the publisher's order (draft-14: the PUBLISH's group order, else Ascending). */
  readonly groupOrder?: GroupOrder;
  readonly filter?: SubscriptionFilter;
  /** draft-16 only. */
  readonly expiresMs?: number;
  /** draft-16 only. */
  readonly newGroupRequest?: number;
  readonly parameters?: MessageParameters;
}

/** Accepting a request answered by REQUEST_OK (draft-16) or its draft-14 equivalent. */
export interface RequestAccept {
  /** TRACK_STATUS / REQUEST_UPDATE: the track's largest Location. */
  readonly largestLocation?: Location;
  /** TRACK_STATUS: milliseconds a subscription would last. */
  readonly expiresMs?: number;
  /** draft-14 TRACK_STATUS_OK: defaults to Ascending. */
  readonly groupOrder?: GroupOrder;
  readonly parameters?: MessageParameters;
}

/** What a request handler returns to accept each request kind. */
export interface Accepts {
  readonly subscribe: SubscribeAccept;
  readonly fetch: FetchAccept;
  readonly publish: PublishAccept;
  readonly publishNamespace: RequestAccept | undefined;
  readonly subscribeNamespace: RequestAccept | undefined;
  readonly trackStatus: RequestAccept | undefined;
  readonly requestUpdate: RequestAccept | undefined;
}

/** A concrete order for draft-14, where the answer cannot say "publisher's choice". */
function concrete(...orders: (GroupOrder | undefined)[]): GroupOrder {
  for (const o of orders) if (o !== undefined && o !== GroupOrder.PUBLISHER) return o;
  return GroupOrder.ASCENDING;
}

function requestOk(req: RequestMessage, a: RequestAccept): ControlMessage {
  return {
    kind: "requestOk",
    requestId: req.requestId,
    ...(a.largestLocation !== undefined && { largestLocation: a.largestLocation }),
    ...(a.expiresMs !== undefined && { expiresMs: a.expiresMs }),
    parameters: a.parameters ?? {},
  };
}

/** The OK answer to `req`; undefined when the draft has none (draft-14 SUBSCRIBE_UPDATE). */
export function okAnswer(
  req: RequestMessage,
  accept: Accepts[RequestKind],
  draft: 14 | 16,
): ControlMessage | undefined {
  const requestId = req.requestId;
  switch (req.kind) {
    case "subscribe": {
      const a = accept as SubscribeAccept;
      return {
        kind: "subscribeOk",
        requestId,
        trackAlias: a.trackAlias,
        expiresMs: a.expiresMs ?? 0,
        ...(draft === 14 && { groupOrder: concrete(a.groupOrder, req.groupOrder) }),
        ...(a.largestLocation !== undefined && { largestLocation: a.largestLocation }),
        parameters: a.parameters ?? {},
        ...(draft === 16 &&
          a.trackExtensions !== undefined && { trackExtensions: a.trackExtensions }),
      };
    }
    case "fetch": {
      const a = accept as FetchAccept;
      return {
        kind: "fetchOk",
        requestId,
        ...(draft === 14 && { groupOrder: concrete(a.groupOrder, req.groupOrder) }),
        endOfTrack: a.endOfTrack,
        endLocation: a.endLocation,
        parameters: a.parameters ?? {},
        ...(draft === 16 &&
          a.trackExtensions !== undefined && { trackExtensions: a.trackExtensions }),
      };
    }
    case "publish": {
      const a = accept as PublishAccept;
      const order = draft === 14 ? concrete(a.groupOrder, req.groupOrder) : a.groupOrder;
      return {
        kind: "publishOk",
        requestId,
        forward: a.forward ?? true,
        subscriberPriority: a.subscriberPriority ?? 128,
        groupOrder: order ?? GroupOrder.PUBLISHER,
        ...(a.filter !== undefined && { filter: a.filter }),
        ...(draft === 16 && a.expiresMs !== undefined && { expiresMs: a.expiresMs }),
        ...(draft === 16 &&
          a.newGroupRequest !== undefined && { newGroupRequest: a.newGroupRequest }),
        parameters: a.parameters ?? {},
      };
    }
    default:
      return okRequestAnswer(req, (accept as RequestAccept | undefined) ?? {}, draft);
  }
}

function okRequestAnswer(
  req: RequestMessage,
  a: RequestAccept,
  draft: 14 | 16,
): ControlMessage | undefined {
  if (draft === 16) return requestOk(req, a);
  const requestId = req.requestId;
  switch (req.kind) {
    case "publishNamespace":
      return { kind: "publishNamespaceOk", requestId };
    case "subscribeNamespace":
      return { kind: "subscribeNamespaceOk", requestId };
    case "trackStatus":
      return {
        kind: "trackStatusOk",
        requestId,
        trackAlias: 0,
        expiresMs: a.expiresMs ?? 0,
        groupOrder: concrete(a.groupOrder),
        ...(a.largestLocation !== undefined && { largestLocation: a.largestLocation }),
        parameters: a.parameters ?? {},
      };
    default:
      return undefined;
  }
}

/** The error answer to `req`; undefined when the draft has none (draft-14 SUBSCRIBE_UPDATE). */
export function errorAnswer(
  req: RequestMessage,
  error: MoqtRequestError,
  draft: 14 | 16,
): ControlMessage | undefined {
  const requestId = req.requestId;
  const errorCode =
    error.errorName !== undefined
      ? requestErrorCode(error.errorName, req.kind, draft)
      : error.errorCode;
  const reason = error.reason;
  if (draft === 16) {
    return {
      kind: "requestError",
      requestId,
      errorCode,
      ...(error.retryIntervalMs !== undefined && { retryIntervalMs: error.retryIntervalMs }),
      reason,
    };
  }
  switch (req.kind) {
    case "subscribe":
      return { kind: "subscribeError", requestId, errorCode, reason };
    case "fetch":
      return { kind: "fetchError", requestId, errorCode, reason };
    case "publish":
      return { kind: "publishError", requestId, errorCode, reason };
    case "publishNamespace":
      return { kind: "publishNamespaceError", requestId, errorCode, reason };
    case "subscribeNamespace":
      return { kind: "subscribeNamespaceError", requestId, errorCode, reason };
    case "trackStatus":
      return { kind: "trackStatusError", requestId, errorCode, reason };
    default:
      return undefined;
  }
}
