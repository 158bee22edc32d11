import { publishDone } from "./publish-done.ts";
import { requestUpdate } from "./request-update.ts";
import { subscribe } from "./subscribe.ts";
import { subscribeError } from "./subscribe-error.ts";
import { subscribeOk } from "./subscribe-ok.ts";
import { unsubscribe } from "./unsubscribe.ts";

export { FilterType, isInvertedRange, type SubscriptionFilter } from "../../subscription-filter.ts";

export {
  PublishDoneCode14,
  PublishDoneCode16,
  RequestErrorCode16,
  SubscribeErrorCode14,
} from "./codes.ts";
export type { PublishDone } from "./publish-done.ts";
export type { RequestUpdate } from "./request-update.ts";
export type { Subscribe } from "./subscribe.ts";
export type { SubscribeError } from "./subscribe-error.ts";
export type { SubscribeOk } from "./subscribe-ok.ts";
export type { Unsubscribe } from "./unsubscribe.ts";

export const SUBSCRIBE_MESSAGES = [
  subscribe,
  subscribeOk,
  subscribeError,
  requestUpdate,
  unsubscribe,
  publishDone,
] as const;
