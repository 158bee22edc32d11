import type { FetchObject } from "../wire/data/fetch-object.ts";
import type { ObjectStatus } from "../wire/data/object-status.ts";
import type { Location } from "../wire/fields.ts";
import type { KeyValuePair } from "../wire/key-value.ts";

/** One Object as a subscription sees it, whichever way it arrived. */
export interface ReceivedObject {
  /** Group ID. */
  readonly groupId: number;
  /** Object ID. */
  readonly objectId: number;
  /** Publisher Priority (the header's, else the track default, else 128). */
  readonly priority: number;
  /** Object Extension Headers (LOC and track properties among them). */
  readonly extensions: readonly KeyValuePair[] | undefined;
  /** NORMAL, or a status Object (END_OF_GROUP, END_OF_TRACK). */
  readonly status: ObjectStatus;
  /** Owned by the receiver (never a view into a transport buffer). */
  readonly payload: Uint8Array;
  /** How it arrived. */
  readonly via: "stream" | "datagram" | "fetch";
}

/** The Object's Location. */
export function locationOf(o: ReceivedObject): Location {
  return { group: o.groupId, object: o.objectId };
}

/** A FETCH stream Object as a ReceivedObject. */
export function fromFetchObject(o: FetchObject): ReceivedObject {
  return {
    groupId: o.groupId,
    objectId: o.objectId,
    priority: o.publisherPriority,
    extensions: o.extensions,
    status: o.status,
    payload: o.payload.slice(),
    via: "fetch",
  };
}
