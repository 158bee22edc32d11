import type { MoqSendStream, MoqStreamOptions, MoqTransport } from "../../transport/types.ts";
import {
  encodeFetchObject,
  encodeStreamHeader,
  type FetchItem,
  type FetchObject,
} from "../wire/data/index.ts";
import type { Version } from "../wire/version.ts";
import { SendStream } from "./send-stream.ts";

/**
 * Sends the response to a FETCH on its own unidirectional stream (§"Fetch
 * Header"): FETCH_HEADER, then Objects (and draft-16 End of Range markers) in
 * the order the FETCH asked for; `close()` (FIN) after the last one.
 */
export class FetchStreamWriter extends SendStream {
  private prev: FetchItem | undefined;
  private prevObject: FetchObject | undefined;

  private constructor(
    stream: MoqSendStream,
    readonly requestId: number,
    private readonly version: Version,
  ) {
    super(stream);
  }

  /** Opens the stream for FETCH `requestId` and queues the header. */
  static async open(
    transport: MoqTransport,
    requestId: number,
    version: Version,
    options: MoqStreamOptions = {},
  ): Promise<FetchStreamWriter> {
    const head = encodeStreamHeader({ kind: "fetch", requestId }, version);
    const w = new FetchStreamWriter(
      await transport.createUnidirectionalStream(options),
      requestId,
      version,
    );
    w.push(head).catch(() => undefined);
    return w;
  }

  /** Queues one item; rejects with WireEncodeError for an invalid one (nothing is sent). */
  write(item: FetchItem): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = encodeFetchObject(item, this.prev, this.prevObject, this.version);
    } catch (e) {
      return Promise.reject(e);
    }
    this.prev = item;
    if (item.kind === "object") this.prevObject = item;
    return this.push(bytes);
  }
}
