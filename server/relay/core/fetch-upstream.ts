// A FETCH the cache cannot answer, forwarded to a publisher (draft-14/16
// §"Publisher Interactions": upstream FETCH goes to a publisher matched like a
// SUBSCRIBE; §"FETCH_OK": the upstream answer sets the End Location).
import type {
  FetchAccept,
  FetchItem,
  IncomingFetchStream,
} from "../../../src/moqt/session/index.ts";
import type { GroupOrder, Version } from "../../../src/moqt/wire/index.ts";
import { PROFILES } from "../../../src/moqt/wire/index.ts";
import type { RelayContext } from "./context.ts";
import type { FetchRange } from "./fetch-range.ts";
import type { FullTrackName } from "./names.ts";
import type { RelayPeer } from "./peer.ts";
import { type RelayObject, toFetchObject } from "./relay-object.ts";
import { downstreamError } from "./upstream.ts";

/** An upstream FETCH in progress: its answer and the items to relay. */
export interface UpstreamFetch {
  readonly accept: FetchAccept;
  readonly items: AsyncIterable<FetchItem>;
  /** Stops the upstream FETCH (FETCH_CANCEL and STOP_SENDING). */
  cancel(): void;
}

/** `item` from a `from`-draft publisher as `to` can carry it; undefined when it cannot. */
export function translateFetchItem(
  item: FetchItem,
  from: Version,
  to: Version,
): FetchItem | undefined {
  if (item.kind === "endOfRange") return PROFILES[to].draft === 16 ? item : undefined;
  if (from === to) return item;
  const o: RelayObject = {
    groupId: item.groupId,
    subgroupId: item.subgroupId,
    objectId: item.objectId,
    publisherPriority: item.publisherPriority,
    status: item.status,
    extensions: item.extensions,
    payload: item.payload,
    version: from,
    endOfGroup: false,
    receivedAtMs: 0,
  };
  return toFetchObject(o, to);
}

async function* relayed(
  stream: IncomingFetchStream | undefined,
  from: Version,
  to: Version,
): AsyncGenerator<FetchItem> {
  if (stream === undefined) return;
  for await (const item of stream) {
    const out = translateFetchItem(item, from, to);
    if (out === undefined) continue;
    yield out.kind === "object" ? { ...out, payload: out.payload.slice() } : out;
  }
}

/** FETCHes `range` of `name` from `publisher` for a subscriber speaking `target`. */
export async function fetchUpstream(
  ctx: RelayContext,
  publisher: RelayPeer,
  name: FullTrackName,
  range: FetchRange,
  o: { subscriberPriority: number; groupOrder: GroupOrder; target: Version },
): Promise<UpstreamFetch> {
  let ok: Awaited<ReturnType<typeof publisher.session.fetch>>;
  try {
    ok = await publisher.session.fetch({
      target: { type: "standalone", ...name, start: range.start, end: range.end },
      subscriberPriority: o.subscriberPriority,
      groupOrder: o.groupOrder,
    });
  } catch (e) {
    throw downstreamError(e);
  }
  const stream = await publisher.fetchStreams.take(ok.requestId);
  ctx.options.logger.log("info", "fetch.forwarded", {
    session: publisher.id,
    requestId: ok.requestId,
  });
  const extensions = PROFILES[o.target].draft === 16 ? ok.trackExtensions : undefined;
  return {
    accept: {
      endOfTrack: ok.endOfTrack,
      endLocation: ok.endLocation,
      groupOrder: ok.groupOrder ?? o.groupOrder,
      ...(extensions !== undefined && { trackExtensions: extensions }),
    },
    items: relayed(stream, publisher.version, o.target),
    cancel: () => {
      stream?.cancel();
      if (!publisher.session.isClosed) publisher.session.fetchCancel(ok.requestId);
    },
  };
}
