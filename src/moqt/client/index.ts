// `MoqtClient`: realtime tracks (frame, audio, video, text) over MoQT, with
// queueing before connect, auto-reconnect and re-establishment of every track.
export { AudioPublication, type AudioPublishOptions } from "./audio-publication.ts";
export { type AudioHandler, AudioSubscription } from "./audio-subscription.ts";
export { PICK_SETTLE_MS, type TrackSelector } from "./capability-pick.ts";
export { MoqtClient } from "./client.ts";
export { type Dial, type DialOptions, defaultDial, dialWith } from "./dial.ts";
export { MoqtClientError, MoqtClientErrorCode } from "./errors.ts";
export type {
  MoqtClientEvents,
  PublicationEvents,
  SubscriptionEvents,
  TextGap,
  TextSubscriptionEvents,
  VideoPublicationEvents,
} from "./events.ts";
export { FramePublication, type FramePublishOptions } from "./frame-publication.ts";
export {
  type FrameHandler,
  type FrameSubscribeOptions,
  FrameSubscription,
} from "./frame-subscription.ts";
export { FrameMark, LocProperty } from "./loc.ts";
export { type DiscoveredTrack, REOFFER_WINDOW_MS } from "./namespace-watch.ts";
export type { Clock, MoqtClientOptions, TokenSource } from "./options.ts";
export { Publication, type TrackPublishOptions } from "./publication.ts";
export {
  ExponentialBackoff,
  type ExponentialBackoffOptions,
  NO_RECONNECT,
  type ReconnectContext,
  type ReconnectPolicy,
} from "./reconnect-policy.ts";
export { RELAY_URL_SCHEMES } from "./relay-url.ts";
export { ConnectionState, type RetryInfo, type StateChange } from "./states.ts";
export { Subscription, type TrackSubscribeOptions } from "./subscription.ts";
export { TEXT_GROUP_SIZE } from "./text-log.ts";
export { TextPublication, type TextPublishOptions } from "./text-publication.ts";
export { type TextHandler, TextSubscription } from "./text-subscription.ts";
export {
  type TrackChange,
  TrackDiscovery,
  type TrackDiscoveryEvents,
  type TracksOptions,
} from "./track-discovery.ts";
export { type TrackInfo, type TrackKind, TrackProperty } from "./track-metadata.ts";
export type { NamespaceInput } from "./track-name.ts";
export { VideoPublication, type VideoPublishOptions } from "./video-publication.ts";
export { type VideoHandler, VideoSubscription } from "./video-subscription.ts";
