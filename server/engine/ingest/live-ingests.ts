// The broadcasts encoders feed, keyed by live input, shared by every ingest
// protocol: the stream key check, one IngestBroadcast per input that outlives
// its encoder connections, and the end of a broadcast once its encoder has been
// gone for a grace period.
/// <reference path="../store/node-sqlite.d.ts" />
import type { DatabaseSync } from "node:sqlite";
import type { Relay } from "../../relay/core/mod.ts";
import { engineGrant, inProcessClient } from "../live/in-process-client.ts";
import {
  type IngestKind,
  inputByExternalId,
  streamKeyMatches,
} from "../streams/live-input-store.ts";
import { streamNamespacePath } from "../streams/playback-token.ts";
import { IngestBroadcast } from "./ingest-broadcast.ts";
import { type IngestLog, IngestSession } from "./ingest-session.ts";

/** What every ingest listener needs. */
export interface IngestOptions {
  readonly hostname: string;
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
  readonly db: DatabaseSync;
  readonly relay: Relay;
  /** How long a broadcast waits for its encoder to come back before it ends; default 10 000 ms. */
  readonly endGraceMs?: number;
  readonly log?: IngestLog;
}

interface Live {
  readonly broadcast: IngestBroadcast;
  session: IngestSession | undefined;
  endTimer: ReturnType<typeof setTimeout> | undefined;
}

/** An encoder's credentials: the input's external id and its stream key. */
export interface PublishCredentials {
  readonly id: string;
  readonly key: string;
}

export class LiveIngests {
  readonly #live = new Map<string, Live>();
  readonly log: IngestLog;

  constructor(
    private readonly kind: IngestKind,
    private readonly o: IngestOptions,
  ) {
    this.log = o.log ?? (() => {});
  }

  /** Why an encoder may not publish with `credentials`, or undefined when it may. */
  refusal(credentials: PublishCredentials): string | undefined {
    const input = inputByExternalId(this.o.db, credentials.id);
    const why =
      input === undefined
        ? `no live input ${credentials.id}`
        : input.ingest !== this.kind
          ? `live input ${credentials.id} was created for ${input.ingest} ingest`
          : !streamKeyMatches(this.o.db, input.id, credentials.key)
            ? `stream key refused for ${credentials.id}`
            : undefined;
    if (why !== undefined) this.log("warn", "ingest.refused", { ingest: this.kind, reason: why });
    return why;
  }

  /**
   * A session for an accepted encoder of input `id` (checked with `refusal`):
   * it continues the input's broadcast if one is live, taking over from any
   * other connection still feeding it.
   */
  open(id: string): IngestSession {
    const input = inputByExternalId(this.o.db, id);
    if (input === undefined) throw new Error(`no live input ${id}`);
    let live = this.#live.get(id);
    const resumed = live !== undefined;
    if (live === undefined) {
      const namespace = streamNamespacePath(input.org_id, id);
      // Rights on this stream's namespace from the engine: works under the relay's --auth-key.
      const client = inProcessClient(this.o.relay, {
        path: "/moq",
        query: () => new URLSearchParams(),
        grants: [engineGrant(namespace)],
      });
      live = {
        broadcast: new IngestBroadcast(client, namespace),
        session: undefined,
        endTimer: undefined,
      };
      this.#live.set(id, live);
    }
    clearTimeout(live.endTimer);
    live.endTimer = undefined;
    live.session?.abandon();
    const entry = live;
    const session = new IngestSession(entry.broadcast, (s) => this.#ended(id, entry, s), this.log);
    entry.session = session;
    this.log("info", "ingest.started", { ingest: this.kind, input: id, resumed });
    return session;
  }

  #ended(id: string, live: Live, session: IngestSession): void {
    if (live.session !== session) return;
    live.session = undefined;
    live.endTimer = setTimeout(() => {
      this.#live.delete(id);
      this.log("info", "ingest.ended", { ingest: this.kind, input: id });
      void live.broadcast.end();
    }, this.o.endGraceMs ?? 10_000);
  }

  /** Drops every encoder and ends every broadcast. */
  async close(): Promise<void> {
    const all = [...this.#live.values()];
    this.#live.clear();
    for (const l of all) {
      clearTimeout(l.endTimer);
      l.session?.abandon();
    }
    await Promise.allSettled(all.map((l) => l.broadcast.end()));
  }
}
