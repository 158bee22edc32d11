import fc from "fast-check";
import {
  anyGroupOrder,
  ascendingOrDescending,
  filter,
  location,
  parameters,
  priority,
  reason,
  trackName,
  trackNamespace,
  varint,
} from "../publish/arbitrary-parts.ts";
import type { TrackStatus } from "./track-status.ts";
import type { TrackStatusError, TrackStatusOk } from "./track-status-reply.ts";

type Msg = TrackStatus | TrackStatusOk | TrackStatusError;

const trackStatus14: fc.Arbitrary<TrackStatus> = fc.record({
  kind: fc.constant("trackStatus" as const),
  requestId: varint,
  trackNamespace,
  trackName,
  subscriberPriority: priority,
  groupOrder: anyGroupOrder,
  forward: fc.boolean(),
  filter,
  parameters: parameters(14),
});

// draft-16 TRACK_STATUS defines no delivery parameters: every other draft-16 type is "unknown".
const trackStatus16: fc.Arbitrary<TrackStatus> = fc.record({
  kind: fc.constant("trackStatus" as const),
  requestId: varint,
  trackNamespace,
  trackName,
  parameters: parameters(16),
});

const trackStatusOk14: fc.Arbitrary<TrackStatusOk> = fc.record(
  {
    kind: fc.constant("trackStatusOk" as const),
    requestId: varint,
    trackAlias: fc.oneof(fc.constant(0), varint),
    expiresMs: varint,
    groupOrder: ascendingOrDescending,
    largestLocation: location,
    parameters: parameters(14),
  },
  { requiredKeys: ["kind", "requestId", "trackAlias", "expiresMs", "groupOrder", "parameters"] },
);

const trackStatusError14: fc.Arbitrary<TrackStatusError> = fc.record({
  kind: fc.constant("trackStatusError" as const),
  requestId: varint,
  errorCode: varint,
  errorReason: reason,
});

/** Valid, canonical messages of the TRACK_STATUS family for each draft. */
export const arbitraries: Record<14 | 16, fc.Arbitrary<Msg>[]> = {
  14: [trackStatus14, trackStatusOk14, trackStatusError14],
  16: [trackStatus16],
};
