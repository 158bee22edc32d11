import type { ControlMessage } from "../wire/control.ts";

/** Control messages that open a request (they consume a Request ID, draft §"Request ID"). */
export type RequestMessage = Extract<
  ControlMessage,
  {
    kind:
      | "subscribe"
      | "fetch"
      | "publish"
      | "publishNamespace"
      | "subscribeNamespace"
      | "trackStatus"
      | "requestUpdate";
  }
>;

/** The kind of a request message. */
export type RequestKind = RequestMessage["kind"];

/** The control message of kind `K`. */
export type MessageOfKind<K extends ControlMessage["kind"]> = Extract<ControlMessage, { kind: K }>;

const REQUEST_KINDS: ReadonlySet<string> = new Set<RequestKind>([
  "subscribe",
  "fetch",
  "publish",
  "publishNamespace",
  "subscribeNamespace",
  "trackStatus",
  "requestUpdate",
]);

/** True when `msg` opens a request. */
export function isRequest(msg: ControlMessage): msg is RequestMessage {
  return REQUEST_KINDS.has(msg.kind);
}
