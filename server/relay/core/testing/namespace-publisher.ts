// A test publisher that announces a namespace and answers the relay's SUBSCRIBEs.
import type {
  FetchAccept,
  MoqtRequestHandler,
  SubscribeAccept,
} from "../../../../src/moqt/session/index.ts";
import type { Fetch } from "../../../../src/moqt/wire/control/fetch/fetch.ts";
import type { Subscribe } from "../../../../src/moqt/wire/control/subscribe/subscribe.ts";
import { ObjectStatus } from "../../../../src/moqt/wire/data/index.ts";
import type { KeyValuePair, Location } from "../../../../src/moqt/wire/index.ts";
import { payloadOf } from "./harness.ts";

/** A SUBSCRIBE the publisher accepted, with the alias it chose. */
export interface Accepted {
  readonly req: Subscribe;
  readonly alias: number;
}

/** Answers SUBSCRIBEs with increasing aliases and remembers them. */
export class SubscribeAnswerer {
  readonly accepted: Accepted[] = [];
  readonly unsubscribed: number[] = [];
  private nextAlias = 100;
  readonly fetches: Fetch[] = [];
  largest: Location | undefined;
  trackExtensions: KeyValuePair[] | undefined;

  handler(): MoqtRequestHandler {
    return {
      subscribe: (req): SubscribeAccept => {
        const alias = this.nextAlias++;
        this.accepted.push({ req, alias });
        return {
          trackAlias: alias,
          ...(this.largest !== undefined && { largestLocation: this.largest }),
          ...(this.trackExtensions !== undefined && { trackExtensions: this.trackExtensions }),
        };
      },
      // Serves a standalone FETCH within `largest`: every Object {g, o} exists, payloadOf(g, o).
      fetch: (req, session): FetchAccept => {
        this.fetches.push(req);
        const t = req.target;
        const largest = this.largest;
        if (t.type !== "standalone" || largest === undefined) throw new Error("unsupported fetch");
        const end = { group: largest.group, object: largest.object + 1 };
        void (async () => {
          const w = await session.openFetchStream(req.requestId);
          for (let g = t.start.group; g <= largest.group; g++) {
            const from = g === t.start.group ? t.start.object : 0;
            const to = g === largest.group ? largest.object : 4;
            for (let o = from; o <= to; o++) {
              await w.write({
                kind: "object",
                groupId: g,
                subgroupId: 0,
                objectId: o,
                publisherPriority: 128,
                status: ObjectStatus.NORMAL,
                payload: payloadOf(g, o),
              });
            }
          }
          await w.close();
        })();
        return { endOfTrack: false, endLocation: end };
      },
    };
  }
}
