// FETCH from the relay's cache (draft §"Fetch Handling"): a Joining FETCH to start
// a late subscriber at the newest Group, or a standalone FETCH to fill a gap.
import type { IncomingFetchStream } from "../session/incoming-streams.ts";
import type { SubscribeOk } from "../wire/control/subscribe/subscribe-ok.ts";
import { GroupOrder, type Location } from "../wire/fields.ts";
import type { KeyValuePair } from "../wire/key-value.ts";
import { fromFetchObject, type ReceivedObject } from "./received-object.ts";
import type { SessionLink } from "./session-link.ts";
import type { TrackName } from "./track-name.ts";

/** How long a FETCH may take (answer and stream) before what arrived counts as all. */
export const FETCH_TIMEOUT_MS = 5000;

/** What to fetch. */
export type FetchWhat =
  /** Objects from `from` up to the FETCH End Location `end` (see `endThrough` / `endBefore`). */
  | { readonly type: "range"; readonly from: Location; readonly end: Location }
  /** The newest Group up to the subscription's Largest Location (a Joining FETCH). */
  | { readonly type: "join"; readonly subscription: SubscribeOk };

/** Callbacks of `fetchObjects`. */
export interface FetchSink {
  /** One Object of the response. */
  onObject(o: ReceivedObject): void;
  /** draft-16 Track Extensions of FETCH_OK. */
  onTrackExtensions(exts: readonly KeyValuePair[]): void;
}

/** The FETCH End Location that includes `last` (End Locations are the last Object plus 1). */
export function endThrough(last: Location): Location {
  return { group: last.group, object: last.object + 1 };
}

/**
 * The FETCH End Location covering everything before `to` ({g, 0} asks for all of
 * group g); undefined when nothing precedes it.
 */
export function endBefore(to: Location): Location | undefined {
  if (to.object > 0) return { group: to.group, object: to.object };
  return to.group > 0 ? { group: to.group - 1, object: 0 } : undefined;
}

/**
 * Runs one FETCH on `link` and feeds its Objects to `sink`. Resolves when the
 * response stream ended, the relay refused (nothing in range, not cached), the
 * session ended, or `FETCH_TIMEOUT_MS` passed. Never rejects.
 */
export async function fetchObjects(
  link: SessionLink,
  track: Pick<TrackName, "trackNamespace" | "trackName">,
  what: FetchWhat,
  subscriberPriority: number,
  sink: FetchSink,
): Promise<void> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), FETCH_TIMEOUT_MS);
  let requestId: number | undefined;
  try {
    const target =
      what.type === "join"
        ? {
            type: "relativeJoining" as const,
            joiningRequestId: what.subscription.requestId,
            joiningStart: 0,
          }
        : {
            type: "standalone" as const,
            trackNamespace: track.trackNamespace,
            trackName: track.trackName,
            start: what.from,
            end: what.end,
          };
    const ok = await link.session.fetch(
      { target, subscriberPriority, groupOrder: GroupOrder.ASCENDING },
      { signal: abort.signal },
    );
    requestId = ok.requestId;
    if (ok.trackExtensions !== undefined) sink.onTrackExtensions(ok.trackExtensions);
    const stream = await new Promise<IncomingFetchStream | undefined>((resolve) => {
      abort.signal.addEventListener("abort", () => resolve(undefined), { once: true });
      void link.closed.then(() => resolve(undefined));
      link.router.addFetch(ok.requestId, resolve);
    });
    if (stream === undefined) return;
    abort.signal.addEventListener("abort", () => stream.cancel(), { once: true });
    for await (const item of stream) {
      if (item.kind === "object") sink.onObject(fromFetchObject(item));
    }
  } catch {
    // Refused (INVALID_RANGE: nothing there; not cached), reset, or the session ended.
  } finally {
    clearTimeout(timer);
    if (requestId !== undefined) link.router.removeFetch(requestId);
  }
}
