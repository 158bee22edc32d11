import type { MoqSendStream, MoqStreamOptions, MoqTransport } from "../../transport/types.ts";
import {
  encodeStreamHeader,
  encodeSubgroupObject,
  type SubgroupHeader,
  type SubgroupObject,
  subgroupHeaderSize,
  subgroupObjectSize,
  writeSubgroupHeader,
  writeSubgroupObject,
} from "../wire/data/index.ts";
import { WireEncodeError } from "../wire/errors.ts";
import type { Version } from "../wire/version.ts";
import { WireWriter } from "../wire/writer.ts";
import { SendStream } from "./send-stream.ts";

/**
 * Objects already encoded for their stream (`encodeSubgroupObject` with the stream's
 * header and each previous Object ID), back to back; `objectId` is the last one's.
 */
export interface EncodedSubgroupObject {
  readonly objectId: number;
  readonly encoded: Uint8Array;
}

/** The stream header and its first Object in one allocation (a one-Object stream's only write). */
function encodeHeaderAndFirst(
  header: SubgroupHeader,
  first: SubgroupObject | EncodedSubgroupObject,
  version: Version,
): Uint8Array {
  const headerSize = subgroupHeaderSize(header, version);
  if ("encoded" in first) {
    const w = new WireWriter(headerSize + first.encoded.length);
    writeSubgroupHeader(w, header, version);
    w.bytes(first.encoded);
    return w.finish("subgroup header and first object");
  }
  const w = new WireWriter(headerSize + subgroupObjectSize(first, header, undefined, version));
  writeSubgroupHeader(w, header, version);
  writeSubgroupObject(w, first, header, undefined, version);
  return w.finish("subgroup header and first object");
}

/**
 * Sends one subgroup on its own unidirectional stream (§"Subgroup Header"): the
 * header first, then Objects in increasing Object ID order. §"Closing Subgroup
 * Streams": `close()` (FIN) once every Object was written, `reset(code)` otherwise.
 */
export class SubgroupWriter extends SendStream {
  private prevObjectId: number | undefined;

  /**
   * Resolves when the transport accepted the header (with the first Object when
   * one was given to `open`); rejects like a write.
   */
  readonly headerWritten: Promise<void>;

  private constructor(
    stream: MoqSendStream,
    readonly header: SubgroupHeader,
    private readonly version: Version,
    head: Uint8Array,
    firstObjectId: number | undefined,
  ) {
    super(stream);
    this.prevObjectId = firstObjectId;
    this.headerWritten = this.push(head);
    // A failure here also fails the next write and `closed`.
    this.headerWritten.catch(() => undefined);
  }

  /**
   * Opens the stream and queues the header, and `first` with it in one write
   * when given (a one-Object stream then costs one write and the FIN): an Object
   * to encode, or one already encoded for this stream as for `writeEncoded`.
   * Everything is encoded before the call returns, so the caller may reuse the
   * Object's buffers at once. Rejects with WireEncodeError for an invalid header or Object.
   */
  static async open(
    transport: MoqTransport,
    header: SubgroupHeader,
    version: Version,
    options: MoqStreamOptions = {},
    first?: SubgroupObject | EncodedSubgroupObject,
  ): Promise<SubgroupWriter> {
    const bytes =
      first === undefined
        ? encodeStreamHeader(header, version)
        : encodeHeaderAndFirst(header, first, version);
    const stream = await transport.createUnidirectionalStream(options);
    return new SubgroupWriter(stream, header, version, bytes, first?.objectId);
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
   * once and write the same bytes to many streams; or several Objects back to back,
   * `objectId` being the last one's.
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
