// SRT ingest (seed 002 "Ingest", SRT tab): `srt://<host>:<port>?streamid=<external_input_id>/<stream_key>`,
// MPEG-TS over SRT as encoders send it. One UDP port serves every input. The
// stream key is checked in the SRT handshake itself: this port answers the
// caller's induction and reads the Stream ID of its conclusion, and a wrong or
// rotated key gets a rejection there, before any receiver exists or any media
// is accepted. (An SRT passphrase cannot carry the key: the engine keeps only
// its hash, and a passphrase needs the cleartext on both ends.) An accepted
// caller is handed to its own ffmpeg SRT receiver; its media follow the RTMP
// path from there: remuxed to CMAF, published on `stream/<org>/<id>`, ended
// after a grace period, continued by a reconnecting encoder.
import { type IngestOptions, LiveIngests, type PublishCredentials } from "./live-ingests.ts";
import {
  HandshakeType,
  inductionResponse,
  isHandshake,
  parseHandshake,
  REJECT_FORBIDDEN,
  rejection,
} from "./srt/handshake.ts";
import { SrtReceiver } from "./srt/receiver.ts";

/** Options of `SrtIngest.listen`. */
export type SrtIngestOptions = IngestOptions;

/** The socket id this listener answers handshakes with (it is never addressed afterwards). */
const LISTENER_SOCKET_ID = 0x5c1c_0001;

/** `<id>/<key>` (also accepted: a leading `live/`). */
export function parseStreamId(streamId: string | undefined): PublishCredentials | undefined {
  const parts = (streamId ?? "").split("/").filter((p) => p !== "");
  if (parts[0] === "live") parts.shift();
  if (parts.length !== 2) return undefined;
  return { id: parts[0]!, key: parts[1]! };
}

export class SrtIngest {
  readonly #socket: Deno.DatagramConn;
  readonly #ingests: LiveIngests;
  readonly #callers = new Map<string, SrtReceiver>();
  readonly #secret = crypto.getRandomValues(new Uint32Array(1))[0]!;
  readonly #serving: Promise<void>;

  private constructor(o: SrtIngestOptions) {
    this.#socket = Deno.listenDatagram({ hostname: o.hostname, port: o.port, transport: "udp" });
    this.#ingests = new LiveIngests("srt", o);
    this.#serving = this.#serve();
  }

  /** Binds the SRT port and starts accepting encoders; throws when the port is taken. */
  static listen(options: SrtIngestOptions): SrtIngest {
    return new SrtIngest(options);
  }

  get port(): number {
    return (this.#socket.addr as Deno.NetAddr).port;
  }

  async #serve(): Promise<void> {
    try {
      for await (const [packet, addr] of this.#socket) {
        this.#packet(packet, addr as Deno.NetAddr);
      }
    } catch {
      // socket closed
    }
  }

  #packet(packet: Uint8Array, from: Deno.NetAddr): void {
    const key = `${from.hostname}|${from.port}`;
    const known = this.#callers.get(key);
    if (known !== undefined) {
      known.fromCaller(packet);
      return;
    }
    if (!isHandshake(packet)) return;
    const hs = parseHandshake(packet);
    const send = (p: Uint8Array) => {
      this.#socket.send(p, from).catch(() => {});
    };
    if (hs.type === HandshakeType.Induction) {
      send(inductionResponse(packet, LISTENER_SOCKET_ID, this.#cookie(key)));
      return;
    }
    if (hs.type !== HandshakeType.Conclusion || hs.cookie !== this.#cookie(key)) return;
    const credentials = parseStreamId(hs.streamId);
    const why =
      credentials === undefined
        ? this.#refuse("set streamid=<input id>/<stream key> in the SRT URL")
        : this.#ingests.refusal(credentials);
    if (why !== undefined || credentials === undefined) {
      send(rejection(packet, LISTENER_SOCKET_ID, REJECT_FORBIDDEN));
      return;
    }
    const receiver = new SrtReceiver(packet, send, this.#ingests.open(credentials.id), (message) =>
      this.#ingests.log("warn", "ingest.ffmpeg_failed", { ingest: "srt", message }),
    );
    this.#callers.set(key, receiver);
    void receiver.done.then(() => this.#callers.delete(key));
  }

  #refuse(why: string): string {
    this.#ingests.log("warn", "ingest.refused", { ingest: "srt", reason: why });
    return why;
  }

  /** A SYN cookie bound to the caller's address (§4.3.1.1), stable for this process. */
  #cookie(key: string): number {
    let h = this.#secret ^ 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }

  /** Stops listening, drops every encoder and ends every broadcast. */
  async close(): Promise<void> {
    this.#socket.close();
    await this.#serving;
    for (const r of this.#callers.values()) r.kill();
    this.#callers.clear();
    await this.#ingests.close();
  }
}
