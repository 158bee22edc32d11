import type { MoqReceiveStream, MoqTransport } from "../../transport/types.ts";
import { decodeStreamHeader, type StreamHeader } from "../wire/data/index.ts";
import type { Version } from "../wire/version.ts";
import { DataStreamReader } from "./data-reader.ts";
import type { TypedEmitter } from "./emitter.ts";
import { MoqtSessionError } from "./errors.ts";
import type { MoqtSessionEvents } from "./events.ts";
import { IncomingFetchStream, IncomingSubgroupStream } from "./incoming-streams.ts";

/** Default bound on bytes waiting for the rest of one Object (or header). */
export const DEFAULT_MAX_PENDING_OBJECT_BYTES = 16 * 1024 * 1024;

/**
 * Accepts the peer's unidirectional streams, reads each header and hands the
 * stream out as a `subgroupStream` or `fetchStream` event. §"Data Streams and
 * Datagrams": an unknown stream type closes the session.
 */
export class IncomingDataStreams {
  constructor(
    private readonly transport: MoqTransport,
    private readonly version: Version,
    private readonly events: TypedEmitter<MoqtSessionEvents>,
    private readonly fail: (e: MoqtSessionError) => void,
    private readonly maxPendingBytes = DEFAULT_MAX_PENDING_OBJECT_BYTES,
  ) {}

  /** Accepts streams until the session ends. */
  async run(): Promise<void> {
    const incoming = this.transport.incomingUnidirectionalStreams.getReader();
    for (;;) {
      let next: ReadableStreamReadResult<MoqReceiveStream>;
      try {
        next = await incoming.read();
      } catch {
        return;
      }
      if (next.done) return;
      void this.accept(next.value);
    }
  }

  private async accept(stream: MoqReceiveStream): Promise<void> {
    const reader = new DataStreamReader(stream, this.maxPendingBytes);
    let header: StreamHeader | undefined;
    try {
      header = await reader.next((bytes, offset) =>
        decodeStreamHeader(bytes, this.version, offset),
      );
    } catch (e) {
      if (e instanceof MoqtSessionError) this.fail(e);
      return;
    }
    if (header === undefined) return;
    const fail = this.fail;
    if (header.kind === "subgroup") {
      if (!this.events.has("subgroupStream")) return reader.cancel();
      this.events.emit(
        "subgroupStream",
        new IncomingSubgroupStream(header, reader, this.version, fail),
      );
    } else {
      if (!this.events.has("fetchStream")) return reader.cancel();
      this.events.emit("fetchStream", new IncomingFetchStream(header, reader, this.version, fail));
    }
  }
}
