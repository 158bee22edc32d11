import type { MoqTransport } from "../../transport/types.ts";
import { decodeDatagram, encodeDatagram, type ObjectDatagram } from "../wire/data/index.ts";
import { WireDecodeError } from "../wire/errors.ts";
import type { Version } from "../wire/version.ts";
import type { TypedEmitter } from "./emitter.ts";
import { MoqtSessionError } from "./errors.ts";
import type { MoqtSessionEvents } from "./events.ts";

/**
 * Object datagrams both ways (§"Datagrams"). Sending is best effort: an Object
 * larger than the transport's datagram limit is not sent. Receiving emits
 * `datagram` events; an undecodable datagram closes the session.
 */
export class DatagramChannel {
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;

  constructor(
    private readonly transport: MoqTransport,
    private readonly version: Version,
    private readonly events: TypedEmitter<MoqtSessionEvents>,
    private readonly fail: (e: MoqtSessionError) => void,
  ) {
    this.writer = transport.datagrams.writable.getWriter();
  }

  /**
   * Sends `d`; false when it is too large for a datagram (nothing was sent).
   * Throws WireEncodeError for an invalid datagram.
   */
  send(d: ObjectDatagram): boolean {
    const bytes = encodeDatagram(d, this.version);
    if (bytes.length > this.transport.datagrams.maxDatagramSize) return false;
    this.writer.write(bytes).catch(() => undefined);
    return true;
  }

  /** Receives until the session ends. */
  async run(): Promise<void> {
    const reader = this.transport.datagrams.readable.getReader();
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch {
        return;
      }
      if (next.done) return;
      let d: ObjectDatagram;
      try {
        d = decodeDatagram(next.value, this.version)[0];
      } catch (e) {
        if (!(e instanceof WireDecodeError)) throw e;
        // §"Object Datagram": an unknown or malformed datagram closes the session.
        this.fail(new MoqtSessionError(e.termination, e.message, { cause: e }));
        return;
      }
      this.events.emit("datagram", d);
    }
  }
}
