import { PublishDoneCode16 } from "../wire/control/subscribe/codes.ts";
import type { ControlMessage } from "../wire/control.ts";
import type { RequestMessage } from "./request-kind.ts";

/**
 * The message that ends a request withdrawn after it was sent, if its kind has
 * one: UNSUBSCRIBE, FETCH_CANCEL, PUBLISH_DONE, PUBLISH_NAMESPACE_DONE, or
 * draft-14 UNSUBSCRIBE_NAMESPACE (draft-16 closes the SUBSCRIBE_NAMESPACE stream).
 */
export function withdrawal(req: RequestMessage, draft: 14 | 16): ControlMessage | undefined {
  const requestId = req.requestId;
  switch (req.kind) {
    case "subscribe":
      return { kind: "unsubscribe", requestId };
    case "fetch":
      return { kind: "fetchCancel", requestId };
    case "publish":
      // SUBSCRIPTION_ENDED is 0x3 in both drafts.
      return {
        kind: "publishDone",
        requestId,
        statusCode: PublishDoneCode16.SUBSCRIPTION_ENDED,
        reason: "withdrawn",
      };
    case "publishNamespace":
      return draft === 14
        ? { kind: "publishNamespaceDone", trackNamespace: req.trackNamespace }
        : { kind: "publishNamespaceDone", requestId };
    case "subscribeNamespace":
      return draft === 14
        ? { kind: "unsubscribeNamespace", trackNamespacePrefix: req.trackNamespacePrefix }
        : undefined;
    default:
      return undefined;
  }
}
