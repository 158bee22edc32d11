// One RTMP publishing connection, server side: the handshake (RTMP 1.0 §5.2),
// then the NetConnection / NetStream commands an encoder sends (connect,
// releaseStream, FCPublish, createStream, publish) and its media messages.
import { type Amf0Value, decodeAmf0, encodeAmf0 } from "./amf0.ts";
import { ChunkReader, encodeMessage, MessageType, type RtmpMessage } from "./chunks.ts";

/** What an encoder asks to publish: the connect `app` and the publish stream name. */
export interface PublishRequest {
  readonly app: string;
  readonly streamName: string;
}

/** Where an accepted publish's media messages go. */
export interface MediaSink {
  /** An audio, video or data (metadata) message. */
  media(m: RtmpMessage): void;
  /** The encoder stopped publishing or went away. */
  end(): void;
}

/** The decision on a publish: a sink, or the reason it was refused. */
export type PublishDecision = MediaSink | { readonly refused: string };

const HANDSHAKE_BYTES = 1536;
const WINDOW_BYTES = 2_500_000;
const COMMAND_CSID = 3;
const CONTROL_CSID = 2;

async function readExactly(conn: Deno.Conn, n: number, carry: Uint8Array[]): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  let got = 0;
  while (got < n) {
    const head = carry.shift();
    if (head !== undefined) {
      const take = Math.min(head.byteLength, n - got);
      out.set(head.subarray(0, take), got);
      got += take;
      if (take < head.byteLength) carry.unshift(head.subarray(take));
      continue;
    }
    const buf = new Uint8Array(64 * 1024);
    const r = await conn.read(buf);
    if (r === null) throw new Error("connection closed during the handshake");
    carry.push(buf.subarray(0, r));
  }
  return out;
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let at = 0;
  while (at < bytes.byteLength) at += await conn.write(bytes.subarray(at));
}

/** §5.2: C0+C1 in, S0+S1+S2 out, C2 in. Returns bytes read past C2. */
async function handshake(conn: Deno.Conn): Promise<Uint8Array[]> {
  const carry: Uint8Array[] = [];
  const c0c1 = await readExactly(conn, 1 + HANDSHAKE_BYTES, carry);
  if (c0c1[0] !== 3) throw new Error(`RTMP version ${c0c1[0]} unsupported`);
  const s1 = new Uint8Array(HANDSHAKE_BYTES);
  crypto.getRandomValues(s1.subarray(8));
  s1.fill(0, 0, 8); // time and zero fields
  const reply = new Uint8Array(1 + 2 * HANDSHAKE_BYTES);
  reply[0] = 3;
  reply.set(s1, 1);
  reply.set(c0c1.subarray(1), 1 + HANDSHAKE_BYTES); // S2 echoes C1
  await writeAll(conn, reply);
  await readExactly(conn, HANDSHAKE_BYTES, carry); // C2
  return carry;
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}

class Connection {
  readonly #reader = new ChunkReader();
  #app = "";
  #sink: MediaSink | undefined;
  #received = 0;
  #acked = 0;
  #peerWindow = 0;

  constructor(
    private readonly conn: Deno.Conn,
    private readonly decide: (r: PublishRequest) => Promise<PublishDecision>,
  ) {}

  send(csid: number, typeId: number, streamId: number, payload: Uint8Array): Promise<void> {
    return writeAll(this.conn, encodeMessage(csid, { typeId, streamId, timestamp: 0, payload }));
  }

  command(streamId: number, ...values: Amf0Value[]): Promise<void> {
    return this.send(COMMAND_CSID, MessageType.CommandAmf0, streamId, encodeAmf0(...values));
  }

  async run(carry: Uint8Array[]): Promise<void> {
    try {
      for (const bytes of carry) await this.#bytes(bytes);
      const buf = new Uint8Array(64 * 1024);
      for (;;) {
        const r = await this.conn.read(buf);
        if (r === null) return;
        await this.#bytes(buf.subarray(0, r));
      }
    } finally {
      this.#sink?.end();
      this.#sink = undefined;
    }
  }

  async #bytes(bytes: Uint8Array): Promise<void> {
    this.#received += bytes.byteLength;
    // §5.4.3: acknowledge every window of bytes the peer asked for.
    if (this.#peerWindow > 0 && this.#received - this.#acked >= this.#peerWindow) {
      this.#acked = this.#received;
      await this.send(CONTROL_CSID, MessageType.Acknowledgement, 0, u32(this.#received >>> 0));
    }
    for (const m of this.#reader.push(bytes)) await this.#message(m);
  }

  async #message(m: RtmpMessage): Promise<void> {
    switch (m.typeId) {
      case MessageType.WindowAckSize:
        this.#peerWindow = new DataView(m.payload.buffer).getUint32(0);
        return;
      case MessageType.Audio:
      case MessageType.Video:
      case MessageType.DataAmf0:
        this.#sink?.media(m);
        return;
      case MessageType.CommandAmf0:
        return await this.#command(m, decodeAmf0(m.payload));
      default:
        return;
    }
  }

  async #command(m: RtmpMessage, values: Amf0Value[]): Promise<void> {
    const [name, txn] = values;
    const txnId = typeof txn === "number" ? txn : 0;
    switch (name) {
      case "connect": {
        const props = values[2];
        this.#app =
          typeof props === "object" && props !== null && !Array.isArray(props)
            ? String(props.app ?? "")
            : "";
        await this.send(CONTROL_CSID, MessageType.WindowAckSize, 0, u32(WINDOW_BYTES));
        await this.send(
          CONTROL_CSID,
          MessageType.SetPeerBandwidth,
          0,
          Uint8Array.of(...u32(WINDOW_BYTES), 2),
        );
        await this.command(
          0,
          "_result",
          txnId,
          { fmsVer: "FMS/3,0,1,123", capabilities: 31 },
          {
            level: "status",
            code: "NetConnection.Connect.Success",
            description: "Connected.",
            objectEncoding: 0,
          },
        );
        return;
      }
      case "releaseStream":
      case "FCPublish":
        await this.command(0, "_result", txnId, null);
        return;
      case "createStream":
        await this.command(0, "_result", txnId, null, 1);
        return;
      case "publish": {
        const streamName = typeof values[3] === "string" ? values[3] : "";
        const decision = await this.decide({ app: this.#app, streamName });
        if ("refused" in decision) {
          await this.command(m.streamId, "onStatus", 0, null, {
            level: "error",
            code: "NetStream.Publish.BadName",
            description: decision.refused,
          });
          this.conn.close();
          return;
        }
        this.#sink = decision;
        await this.command(m.streamId, "onStatus", 0, null, {
          level: "status",
          code: "NetStream.Publish.Start",
          description: `publishing ${streamName}`,
        });
        return;
      }
      case "FCUnpublish":
      case "deleteStream":
        this.#sink?.end();
        this.#sink = undefined;
        return;
      default:
        return;
    }
  }
}

/**
 * Serves one accepted TCP connection until it closes. `decide` is asked once per
 * publish command; a refusal is answered with NetStream.Publish.BadName and the
 * connection is closed.
 */
export async function serveRtmpConnection(
  conn: Deno.Conn,
  decide: (r: PublishRequest) => Promise<PublishDecision>,
): Promise<void> {
  try {
    const carry = await handshake(conn);
    await new Connection(conn, decide).run(carry);
  } catch {
    // A broken or closed connection ends the session; the sink was told.
  } finally {
    try {
      conn.close();
    } catch {
      // already closed
    }
  }
}
