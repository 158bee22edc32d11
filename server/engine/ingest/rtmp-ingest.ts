/// <reference path="../store/node-sqlite.d.ts" />
// RTMP ingest (seed 003 recipe 2): `rtmp://<host>:<port>/live/<external_input_id>`
// with the input's stream key as the stream name. A wrong or rotated key is
// refused; an accepted stream is remuxed by ffmpeg to CMAF and published on
// `stream/<org>/<id>`. When the encoder leaves, the broadcast ends after a grace
// period, unless the encoder reconnects first and continues it.
import type { DatabaseSync } from "node:sqlite";
import type { Relay } from "../../relay/core/mod.ts";
import { engineGrant, inProcessClient } from "../live/in-process-client.ts";
import { inputByExternalId, streamKeyMatches } from "../streams/live-input-store.ts";
import { streamNamespacePath } from "../streams/playback-token.ts";
import { aacObjectType, FlvTagType, isAacAudio, isAvcVideo } from "./flv.ts";
import { IngestBroadcast } from "./ingest-broadcast.ts";
import { TrackRemuxer } from "./remux.ts";
import { MessageType } from "./rtmp/chunks.ts";
import {
  type MediaSink,
  type PublishDecision,
  type PublishRequest,
  serveRtmpConnection,
} from "./rtmp/session.ts";

/** The RTMP application name in ingest URLs. */
export const RTMP_APP = "live";

/** Options of `RtmpIngest.listen`. */
export interface RtmpIngestOptions {
  readonly hostname: string;
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  readonly db: DatabaseSync;
  readonly relay: Relay;
  /** How long a broadcast waits for its encoder to come back before it ends; default 10 000 ms. */
  readonly endGraceMs?: number;
  /** Reports ingest events (publish accepted or refused, ended, ffmpeg failures). */
  readonly log?: (level: "info" | "warn", event: string, fields: Record<string, unknown>) => void;
}

const AAC_PROFILES: Readonly<Record<number, string>> = { 2: "LC", 5: "HE-AAC", 29: "HE-AACv2" };

interface Live {
  readonly broadcast: IngestBroadcast;
  session: IngestSession | undefined;
  endTimer: ReturnType<typeof setTimeout> | undefined;
}

/** `live/<id>` + `<key>`, or `live` + `<id>/<key>` (how ffmpeg splits a URL path). */
export function parsePublishPath(req: PublishRequest): { id: string; key: string } | undefined {
  const parts = `${req.app}/${req.streamName}`
    .split("?")[0]!
    .split("/")
    .filter((p) => p !== "");
  if (parts.length !== 3 || parts[0] !== RTMP_APP) return undefined;
  return { id: parts[1]!, key: parts[2]! };
}

/** One encoder connection's media: ffmpeg per track kind into the broadcast. */
class IngestSession implements MediaSink {
  #video: TrackRemuxer | undefined;
  #audio: TrackRemuxer | undefined;
  #aacProfile: string | undefined;
  #ended = false;
  #startedMs = 0;
  #announced = false;

  constructor(
    private readonly broadcast: IngestBroadcast,
    private readonly onEnd: (s: IngestSession) => void,
    private readonly log: NonNullable<RtmpIngestOptions["log"]>,
  ) {}

  #remuxer(kind: FlvTagType, body: Uint8Array): TrackRemuxer {
    const name = kind === FlvTagType.Video ? "video" : "audio";
    const copy = kind === FlvTagType.Video ? isAvcVideo(body) : isAacAudio(body);
    this.broadcast.expect(name);
    return new TrackRemuxer(kind, copy, {
      init: (init) => {
        this.broadcast.init(name, init, copy ? this.#aacProfile : "LC");
        if (this.#announced || !this.broadcast.complete) return;
        this.#announced = true;
        const afterMs = Math.round(performance.now() - this.#startedMs);
        this.log("info", "ingest.tracks_published", { afterFirstMediaMs: afterMs });
      },
      fragment: (f) => this.broadcast.fragment(name, f),
      failed: (message) => this.log("warn", "ingest.ffmpeg_failed", { track: name, message }),
    });
  }

  media(m: { typeId: number; timestamp: number; payload: Uint8Array }): void {
    if (this.#ended || m.payload.byteLength === 0) return;
    if (
      this.#startedMs === 0 &&
      (m.typeId === MessageType.Video || m.typeId === MessageType.Audio)
    ) {
      this.#startedMs = performance.now();
      this.broadcast.beginSession(Date.now() * 1000);
    }
    if (m.typeId === MessageType.Video) {
      this.#video ??= this.#remuxer(FlvTagType.Video, m.payload);
      this.#video.write(m.timestamp, m.payload);
    } else if (m.typeId === MessageType.Audio) {
      const aot = aacObjectType(m.payload);
      if (aot !== undefined) this.#aacProfile = AAC_PROFILES[aot] ?? "LC";
      this.#audio ??= this.#remuxer(FlvTagType.Audio, m.payload);
      this.#audio.write(m.timestamp, m.payload);
    }
  }

  /** The encoder finished: flush both remuxers, then report the end. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    void Promise.allSettled([this.#video?.close(), this.#audio?.close()]).then(() =>
      this.onEnd(this),
    );
  }

  /** Another connection took over this input: stop at once. */
  abandon(): void {
    this.#ended = true;
    this.#video?.kill();
    this.#audio?.kill();
  }
}

export class RtmpIngest {
  readonly #listener: Deno.TcpListener;
  readonly #live = new Map<string, Live>();
  readonly #connections = new Set<Deno.Conn>();
  readonly #log: NonNullable<RtmpIngestOptions["log"]>;
  readonly #accepting: Promise<void>;

  private constructor(private readonly o: RtmpIngestOptions) {
    this.#listener = Deno.listen({ hostname: o.hostname, port: o.port, transport: "tcp" });
    this.#log = o.log ?? (() => {});
    this.#accepting = this.#accept();
  }

  /** Binds the RTMP port and starts accepting encoders; throws when the port is taken. */
  static listen(options: RtmpIngestOptions): RtmpIngest {
    return new RtmpIngest(options);
  }

  get port(): number {
    return this.#listener.addr.port;
  }

  async #accept(): Promise<void> {
    try {
      for await (const conn of this.#listener) {
        this.#connections.add(conn);
        void serveRtmpConnection(conn, (req) => this.#decide(req)).finally(() =>
          this.#connections.delete(conn),
        );
      }
    } catch {
      // listener closed
    }
  }

  #decide(req: PublishRequest): Promise<PublishDecision> {
    const path = parsePublishPath(req);
    const refuse = (why: string): PublishDecision => {
      this.#log("warn", "ingest.refused", { app: req.app, reason: why });
      return { refused: why };
    };
    if (path === undefined) {
      return Promise.resolve(
        refuse(`publish to rtmp://…/${RTMP_APP}/<input id> with the stream key`),
      );
    }
    const input = inputByExternalId(this.o.db, path.id);
    if (input === undefined) return Promise.resolve(refuse(`no live input ${path.id}`));
    if (input.ingest !== "rtmp") {
      return Promise.resolve(
        refuse(`live input ${path.id} was created for ${input.ingest} ingest`),
      );
    }
    if (!streamKeyMatches(this.o.db, input.id, path.key)) {
      return Promise.resolve(refuse(`stream key refused for ${path.id}`));
    }
    let live = this.#live.get(path.id);
    const resumed = live !== undefined;
    if (live === undefined) {
      const namespace = streamNamespacePath(input.org_id, path.id);
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
      this.#live.set(path.id, live);
    }
    clearTimeout(live.endTimer);
    live.endTimer = undefined;
    live.session?.abandon();
    const entry = live;
    const session = new IngestSession(
      entry.broadcast,
      (s) => this.#sessionEnded(path.id, entry, s),
      this.#log,
    );
    entry.session = session;
    this.#log("info", "ingest.started", { input: path.id, resumed });
    return Promise.resolve(session);
  }

  #sessionEnded(id: string, live: Live, session: IngestSession): void {
    if (live.session !== session) return;
    live.session = undefined;
    live.endTimer = setTimeout(() => {
      this.#live.delete(id);
      this.#log("info", "ingest.ended", { input: id });
      void live.broadcast.end();
    }, this.o.endGraceMs ?? 10_000);
  }

  /** Stops listening, drops every encoder and ends every broadcast. */
  async close(): Promise<void> {
    this.#listener.close();
    for (const c of this.#connections) {
      try {
        c.close();
      } catch {
        // already closed
      }
    }
    await this.#accepting;
    const all = [...this.#live.values()];
    this.#live.clear();
    for (const l of all) {
      clearTimeout(l.endTimer);
      l.session?.abandon();
    }
    await Promise.allSettled(all.map((l) => l.broadcast.end()));
  }
}
