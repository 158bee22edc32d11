// RTMP ingest (seed 003 recipe 2): `rtmp://<host>:<port>/live/<external_input_id>`
// with the input's stream key as the stream name. A wrong or rotated key is
// refused; an accepted stream is remuxed by ffmpeg to CMAF and published on
// `stream/<org>/<id>`. When the encoder leaves, the broadcast ends after a grace
// period, unless the encoder reconnects first and continues it.
import { type IngestOptions, LiveIngests, type PublishCredentials } from "./live-ingests.ts";
import { type PublishDecision, type PublishRequest, serveRtmpConnection } from "./rtmp/session.ts";

/** The RTMP application name in ingest URLs. */
export const RTMP_APP = "live";

/** Options of `RtmpIngest.listen`. */
export type RtmpIngestOptions = IngestOptions;

/** `live/<id>` + `<key>`, or `live` + `<id>/<key>` (how ffmpeg splits a URL path). */
export function parsePublishPath(req: PublishRequest): PublishCredentials | undefined {
  const parts = `${req.app}/${req.streamName}`
    .split("?")[0]!
    .split("/")
    .filter((p) => p !== "");
  if (parts.length !== 3 || parts[0] !== RTMP_APP) return undefined;
  return { id: parts[1]!, key: parts[2]! };
}

export class RtmpIngest {
  readonly #listener: Deno.TcpListener;
  readonly #ingests: LiveIngests;
  readonly #connections = new Set<Deno.Conn>();
  readonly #accepting: Promise<void>;

  private constructor(o: RtmpIngestOptions) {
    this.#listener = Deno.listen({ hostname: o.hostname, port: o.port, transport: "tcp" });
    this.#ingests = new LiveIngests("rtmp", o);
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
        void serveRtmpConnection(conn, (req) => Promise.resolve(this.#decide(req))).finally(() =>
          this.#connections.delete(conn),
        );
      }
    } catch {
      // listener closed
    }
  }

  #decide(req: PublishRequest): PublishDecision {
    const path = parsePublishPath(req);
    if (path === undefined) {
      const why = `publish to rtmp://…/${RTMP_APP}/<input id> with the stream key`;
      this.#ingests.log("warn", "ingest.refused", { ingest: "rtmp", app: req.app, reason: why });
      return { refused: why };
    }
    const why = this.#ingests.refusal(path);
    return why === undefined ? this.#ingests.open(path.id) : { refused: why };
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
    await this.#ingests.close();
  }
}
