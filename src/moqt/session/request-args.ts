// Request arguments as callers give them (no kind, no Request ID, common fields
// defaulted) and the messages built from them once a Request ID is assigned.
import type { Fetch } from "../wire/control/fetch/fetch.ts";
import type { PublishNamespace } from "../wire/control/namespace/publish-namespace.ts";
import {
  type SubscribeNamespace,
  SubscribeOptions,
} from "../wire/control/namespace/subscribe-namespace.ts";
import type { Publish } from "../wire/control/publish/publish.ts";
import type { RequestUpdate } from "../wire/control/subscribe/request-update.ts";
import type { Subscribe } from "../wire/control/subscribe/subscribe.ts";
import type { TrackStatus } from "../wire/control/track-status/track-status.ts";
import { GroupOrder } from "../wire/fields.ts";

/** `M` without its kind and Request ID, with the fields `D` optional. */
export type Args<M, D extends keyof M = never> = Omit<M, "kind" | "requestId" | D> &
  Partial<Pick<M, D>>;

/** SUBSCRIBE; defaults: priority 128, the publisher's group order, forward, no parameters. */
export type SubscribeArgs = Args<
  Subscribe,
  "subscriberPriority" | "groupOrder" | "forward" | "parameters"
>;
/** FETCH; defaults: priority 128, the publisher's group order, no parameters. */
export type FetchArgs = Args<Fetch, "subscriberPriority" | "groupOrder" | "parameters">;
/** PUBLISH; defaults: forward, no parameters. */
export type PublishArgs = Args<Publish, "forward" | "parameters">;
/** PUBLISH_NAMESPACE; default: no parameters. */
export type PublishNamespaceArgs = Args<PublishNamespace, "parameters">;
/** SUBSCRIBE_NAMESPACE; draft-16 defaults Subscribe Options to BOTH; draft-14 ignores them and FORWARD. */
export type SubscribeNamespaceArgs = Args<SubscribeNamespace, "parameters">;
/** TRACK_STATUS; default: no parameters. */
export type TrackStatusArgs = Args<TrackStatus, "parameters">;
/** REQUEST_UPDATE (draft-14 SUBSCRIBE_UPDATE); default: no parameters. */
export type RequestUpdateArgs = Args<RequestUpdate, "parameters">;

/** The SUBSCRIBE message for `a` with Request ID `requestId`. */
export function subscribeMessage(a: SubscribeArgs, requestId: number): Subscribe {
  return {
    subscriberPriority: 128,
    groupOrder: GroupOrder.PUBLISHER,
    forward: true,
    parameters: {},
    ...a,
    kind: "subscribe",
    requestId,
  };
}

/** The FETCH message for `a` with Request ID `requestId`. */
export function fetchMessage(a: FetchArgs, requestId: number): Fetch {
  return {
    subscriberPriority: 128,
    groupOrder: GroupOrder.PUBLISHER,
    parameters: {},
    ...a,
    kind: "fetch",
    requestId,
  };
}

/** The PUBLISH message for `a` with Request ID `requestId`. */
export function publishMessage(a: PublishArgs, requestId: number): Publish {
  return { forward: true, parameters: {}, ...a, kind: "publish", requestId };
}

/** The PUBLISH_NAMESPACE message for `a` with Request ID `requestId`. */
export function publishNamespaceMessage(
  a: PublishNamespaceArgs,
  requestId: number,
): PublishNamespace {
  return { parameters: {}, ...a, kind: "publishNamespace", requestId };
}

/** The SUBSCRIBE_NAMESPACE (draft-14 drops the draft-16-only fields) message for `a` with Request ID `requestId`. */
export function subscribeNamespaceMessage(
  a: SubscribeNamespaceArgs,
  requestId: number,
  draft: 14 | 16,
): SubscribeNamespace {
  const { subscribeOptions, forward, ...rest } = a;
  const msg: SubscribeNamespace = {
    parameters: {},
    ...rest,
    kind: "subscribeNamespace",
    requestId,
  };
  if (draft === 14) return msg;
  return {
    ...msg,
    subscribeOptions: subscribeOptions ?? SubscribeOptions.BOTH,
    ...(forward !== undefined && { forward }),
  };
}

/** The TRACK_STATUS message for `a` with Request ID `requestId`. */
export function trackStatusMessage(a: TrackStatusArgs, requestId: number): TrackStatus {
  return { parameters: {}, ...a, kind: "trackStatus", requestId };
}

/** The REQUEST_UPDATE message for `a` with Request ID `requestId`. */
export function requestUpdateMessage(a: RequestUpdateArgs, requestId: number): RequestUpdate {
  return { parameters: {}, ...a, kind: "requestUpdate", requestId };
}
