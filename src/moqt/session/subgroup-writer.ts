import type { MoqSendStream, MoqStreamOptions, MoqTransport } from "../../transport/types.ts";
import {
  encodeStreamHeader,
  encodeSubgroupObject,
  type SubgroupHeader,
  type SubgroupObject,
} from "../wire/data/index.ts";
import { WireEncodeError } from "../wire/errors.ts";
import type { Version } from "../wire/version.ts";
import { SendStream } from "./send-stream.ts";

/**
 * Sends one subgroup on its own unidirectional stream (§"Subgroup Header"): the
 * header first, then Objects in increasing Object ID order. §"Closing Subgroup
 * Streams": `close()` (FIN) once every Object was written, `reset(code)` otherwise.
 */
export class SubgroupWriter extends SendStream {
  private prevObjectId: number | undefined;

  private constructor(
    stream: MoqSendStream,
    readonly header: SubgroupHeader,
    private readonly version: Version,
  ) {
    super(stream);
  }

  /**
   * Opens the stream and queues the header, and `first` with it in one write
   * when given (a one-Object stream then costs one write and the FIN). Throws
   * WireEncodeError for an invalid header or Object.
   */
  static async open(
    transport: MoqTransport,
    header: SubgroupHeader,
    version: Version,
    options: MoqStreamOptions = {},
    first?: SubgroupObject,
  ): Promise<SubgroupWriter> {
    let bytes = encodeStreamHeader(header, version);
    if (first !== undefined) {
      const obj = encodeSubgroupObject(first, header, undefined, version);
      const both = new Uint8Array(bytes.length + obj.length);
      both.set(bytes);
      both.set(obj, bytes.length);
      bytes = both;
    }
    const w = new SubgroupWriter(
      await transport.createUnidirectionalStream(options),
      header,
      version,
    );
    if (first !== undefined) w.prevObjectId = first.objectId;
    // A failure here also fails the next write and `closed`.
    w.push(bytes).catch(() => undefined);
    return w;
  }

  /** Queues one Object; rejects with WireEncodeError for an invalid one (nothing is sent). */
  write(obj: SubgroupObject): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = encodeSubgroupObject(obj, this.header, this.prevObjectId, this.version);
    } catch (e) {
      return Promise.reject(e);
    }
    this.prevObjectId = obj.objectId;
    return this.push(bytes);
  }

  /**
   * Queues Object `objectId` already encoded for this stream (`encodeSubgroupObject`
   * with this header and the previous Object's ID), so a relay can encode an Object
   * once and write the same bytes to many streams.
   */
  writeEncoded(objectId: number, bytes: Uint8Array): Promise<void> {
    if (this.prevObjectId !== undefined && objectId <= this.prevObjectId) {
      return Promise.reject(
        new WireEncodeError(
          `subgroup object: object ID ${objectId} must be greater than the previous ${this.prevObjectId}`,
        ),
      );
    }
    this.prevObjectId = objectId;
    return this.push(bytes);
  }
}
