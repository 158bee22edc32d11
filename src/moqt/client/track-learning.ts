// draft-14 PUBLISH has no Track Extensions, so an offered track's properties are
// read where both drafts carry them: on the first Object of a Group (README
// "Wire mapping"). With a Largest Location that is one FETCH of Object 0 of
// that Group; a track with no Object yet is accepted with Forward 1 until its
// first Object names a Group, then SUBSCRIBE_UPDATE sets Forward 0.
import type { IncomingSubgroupStream } from "../session/incoming-streams.ts";
import type { Publish } from "../wire/control/publish/publish.ts";
import type { ObjectDatagram } from "../wire/data/datagram.ts";
import { StreamResetCode } from "../wire/error-codes.ts";
import type { KeyValuePair } from "../wire/key-value.ts";
import { endThrough, fetchObjects } from "./fetch-objects.ts";
import type { SessionLink } from "./session-link.ts";

/** How an offered draft-14 track is being read for its properties. */
export interface Learning {
  /** The Forward State to accept the PUBLISH with. */
  readonly forward: boolean;
  /** Resolves when the FETCH of the Largest Location's Group is done; undefined without one. */
  readonly fetched: Promise<void> | undefined;
  /** A stream of the accepted PUBLISH arrived. */
  onStream(s: IncomingSubgroupStream): void;
  /** A datagram of the accepted PUBLISH arrived. */
  onDatagram(d: ObjectDatagram): void;
}

/** Starts learning the properties of draft-14 offer `req`; `learn` gets the extensions found. */
export function learnDraft14(
  link: SessionLink,
  req: Publish,
  learn: (pairs: readonly KeyValuePair[] | undefined) => void,
): Learning {
  const fromGroup = (group: number) =>
    fetchObjects(
      link,
      req,
      { type: "range", from: { group, object: 0 }, end: endThrough({ group, object: 0 }) },
      128,
      { onObject: (o) => learn(o.extensions), onTrackExtensions: () => undefined },
    );
  if (req.largestLocation !== undefined) {
    return {
      forward: false,
      fetched: fromGroup(req.largestLocation.group),
      onStream: (s) => s.cancel(),
      onDatagram: () => undefined,
    };
  }
  let seen = false;
  const firstGroup = (group: number) => {
    if (seen) return;
    seen = true;
    void fromGroup(group);
    if (link.isClosed) return;
    void link.session
      .requestUpdate({
        existingRequestId: req.requestId,
        filter: { type: "absoluteStart", start: { group: group + 1, object: 0 } },
        subscriberPriority: 128,
        forward: false,
      })
      .catch(() => undefined);
  };
  return {
    forward: true,
    fetched: undefined,
    onStream: (s) => {
      firstGroup(s.header.groupId);
      s.cancel(StreamResetCode.CANCELLED);
    },
    onDatagram: (d) => firstGroup(d.groupId),
  };
}
