/**
 * `@clutchcall/sdk/moqt`: MoQT (Media over QUIC Transport) for the browser.
 * Today: the wire codec for draft-14 and draft-16.
 */

// Types that public signatures use.
export type { TransportChoice } from "../transport/connect-plan.ts";
export type {
  MoqBidirectionalStream,
  MoqCloseInfo,
  MoqDatagrams,
  MoqReceiveStream,
  MoqSendStream,
  MoqStreamOptions,
  MoqTransport,
} from "../transport/types.ts";
export * from "./client/index.ts";
export type { Listener } from "./session/emitter.ts";
export type { FullTrackName } from "./wire/control/full-track-name.ts";
export * from "./wire/index.ts";
