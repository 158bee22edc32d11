// Generators of valid, canonical FETCH-family messages (decode(encode(m)) deep-equals m).
import fc from "fast-check";
import type { Location } from "../../fields.ts";
import { MessageParam } from "../../message-params.ts";
import {
  anyGroupOrder,
  ascendingOrDescending,
  location,
  messageParameters,
  priority,
  rec,
  requestError,
  requestIdOnly,
  trackExtensions,
  trackName,
  trackNamespace,
  varint,
} from "../../testing/arbitrary-parts.ts";
import { FetchErrorCode14 } from "./codes.ts";
import type { Fetch, FetchTarget } from "./fetch.ts";
import type { FetchCancel } from "./fetch-cancel.ts";
import type { FetchError } from "./fetch-error.ts";
import type { FetchOk } from "./fetch-ok.ts";

type Msg = Fetch | FetchOk | FetchError | FetchCancel;

const small = fc.nat(2 ** 40);

/** A standalone range whose end is not before its start (§"Fetch Handling"). */
const range: fc.Arbitrary<{ start: Location; end: Location }> = fc
  .record({ group: small, object: small, extra: small, endObject: varint })
  .chain(({ group, object, extra, endObject }) =>
    fc.constantFrom(
      // A later group, any object.
      { start: { group, object }, end: { group: group + 1 + extra, object: endObject } },
      // The rest of the start group.
      { start: { group, object }, end: { group, object: 0 } },
      // Within the start group.
      { start: { group, object }, end: { group, object: object + extra } },
    ),
  );

const target: fc.Arbitrary<FetchTarget> = fc.oneof(
  fc.record({ trackNamespace, trackName, range }).map(({ trackNamespace, trackName, range }) => ({
    type: "standalone" as const,
    trackNamespace,
    trackName,
    ...range,
  })),
  fc
    .record({ joiningRequestId: varint, joiningStart: varint })
    .map((j) => ({ type: "relativeJoining" as const, ...j })),
  fc
    .record({ joiningRequestId: varint, joiningStart: varint })
    .map((j) => ({ type: "absoluteJoining" as const, ...j })),
);

const fetch14: fc.Arbitrary<Fetch> = rec({
  kind: fc.constant("fetch" as const),
  requestId: varint,
  subscriberPriority: priority,
  groupOrder: anyGroupOrder,
  target,
  parameters: messageParameters(14),
});

const fetch16: fc.Arbitrary<Fetch> = rec({
  kind: fc.constant("fetch" as const),
  requestId: varint,
  subscriberPriority: priority,
  // GroupOrder.PUBLISHER has no draft-16 form (omitting GROUP_ORDER means Ascending).
  groupOrder: ascendingOrDescending,
  target,
  parameters: messageParameters(16, [MessageParam.SUBSCRIBER_PRIORITY, MessageParam.GROUP_ORDER]),
});

const fetchOk14: fc.Arbitrary<FetchOk> = rec({
  kind: fc.constant("fetchOk" as const),
  requestId: varint,
  groupOrder: ascendingOrDescending,
  endOfTrack: fc.boolean(),
  endLocation: location,
  parameters: messageParameters(14),
});

const fetchOk16: fc.Arbitrary<FetchOk> = fc.record(
  {
    kind: fc.constant("fetchOk" as const),
    requestId: varint,
    endOfTrack: fc.boolean(),
    endLocation: location,
    parameters: messageParameters(16),
    trackExtensions,
  },
  {
    noNullPrototype: true,
    requiredKeys: ["kind", "requestId", "endOfTrack", "endLocation", "parameters"],
  },
);

const fetchError14: fc.Arbitrary<FetchError> = requestError("fetchError", FetchErrorCode14);
const fetchCancel: fc.Arbitrary<FetchCancel> = requestIdOnly("fetchCancel");

/** Valid, canonical messages of the FETCH family for each draft. */
export const arbitraries: Record<14 | 16, fc.Arbitrary<Msg>[]> = {
  14: [fetch14, fetchOk14, fetchError14, fetchCancel],
  16: [fetch16, fetchOk16, fetchCancel],
};
