// Typed event maps of the client and its handles: `{ name: payload }`.
import type { Location } from "../wire/fields.ts";
import type { MoqtClientError } from "./errors.ts";
import type { RetryInfo, StateChange } from "./states.ts";
import type { TrackInfo } from "./track-metadata.ts";

/** Events of `MoqtClient`. */
export interface MoqtClientEvents {
  /** The lifecycle state changed (the same as `onState`). */
  state: StateChange;
  /** A (re)connect attempt failed or a session was lost; the next attempt is scheduled. */
  retry: RetryInfo;
  /** Asking `token()` ahead of the session token's expiry failed (TOKEN_REFRESH_FAILED). */
  tokenRefreshFailed: MoqtClientError;
}

/** Events of every publication handle. */
export interface PublicationEvents {
  /** The track is published on the current session (after every (re)connect). */
  live: { readonly draft: 14 | 16 };
  /** A non-fatal problem, e.g. the relay refused the PUBLISH (retried on the next session). */
  error: MoqtClientError;
}

/** Events of a video publication. */
export interface VideoPublicationEvents extends PublicationEvents {
  /**
   * Delta frames are being dropped until the next keyframe (after a reconnect or
   * an overflow of the offline queue): ask the encoder for one.
   */
  keyframeNeeded: { readonly reason: string };
}

/** Events of every subscription handle. */
export interface SubscriptionEvents {
  /** The relay accepted the SUBSCRIBE (after every (re)connect or publisher return). */
  subscribed: { readonly draft: 14 | 16 };
  /** Track metadata (capability, schema tag, codec) was learned or changed. */
  track: TrackInfo;
  /** A non-fatal problem, e.g. the relay refused the SUBSCRIBE. */
  error: MoqtClientError;
}

/** Messages a text subscription could not recover (not in the relay cache any more). */
export interface TextGap {
  /** First missing Location. */
  readonly from: Location;
  /** First Location delivered after the gap. */
  readonly to: Location;
}

/** Events of a text subscription. */
export interface TextSubscriptionEvents extends SubscriptionEvents {
  /** Messages were lost for good; delivery continues after them. */
  gap: TextGap;
}
