// Generators of valid, canonical TRACK_STATUS-family messages (decode(encode(m)) deep-equals m).
import fc from "fast-check";
import {
  anyGroupOrder,
  ascendingOrDescending,
  filter,
  location,
  messageParameters,
  priority,
  rec,
  requestError,
  trackName,
  trackNamespace,
  varint,
} from "../../testing/arbitrary-parts.ts";
import { TrackStatusErrorCode14 } from "./codes.ts";
import type { TrackStatus } from "./track-status.ts";
import type { TrackStatusError, TrackStatusOk } from "./track-status-reply.ts";

type Msg = TrackStatus | TrackStatusOk | TrackStatusError;

const trackStatus14: fc.Arbitrary<TrackStatus> = rec({
  kind: fc.constant("trackStatus" as const),
  requestId: varint,
  trackNamespace,
  trackName,
  subscriberPriority: priority,
  groupOrder: anyGroupOrder,
  forward: fc.boolean(),
  filter,
  parameters: messageParameters(14),
});

// draft-16 TRACK_STATUS defines no delivery parameters: every other draft-16 type is "unknown".
const trackStatus16: fc.Arbitrary<TrackStatus> = rec({
  kind: fc.constant("trackStatus" as const),
  requestId: varint,
  trackNamespace,
  trackName,
  parameters: messageParameters(16),
});

const trackStatusOk14: fc.Arbitrary<TrackStatusOk> = fc.record(
  {
    kind: fc.constant("trackStatusOk" as const),
    requestId: varint,
    trackAlias: fc.oneof(fc.constant(0), varint),
    expiresMs: varint,
    groupOrder: ascendingOrDescending,
    largestLocation: location,
    parameters: messageParameters(14),
  },
  {
    noNullPrototype: true,
    requiredKeys: ["kind", "requestId", "trackAlias", "expiresMs", "groupOrder", "parameters"],
  },
);

const trackStatusError14: fc.Arbitrary<TrackStatusError> = requestError(
  "trackStatusError",
  TrackStatusErrorCode14,
);

/** Valid, canonical messages of the TRACK_STATUS family for each draft. */
export const arbitraries: Record<14 | 16, fc.Arbitrary<Msg>[]> = {
  14: [trackStatus14, trackStatusOk14, trackStatusError14],
  16: [trackStatus16],
};
