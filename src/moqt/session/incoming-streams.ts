import {
  decodeFetchObject,
  decodeSubgroupObject,
  type FetchHeader,
  type FetchItem,
  type FetchObject,
  type SubgroupHeader,
  SubgroupIdMode,
  type SubgroupObject,
  subgroupIdOf,
  subgroupObjectEnd,
} from "../wire/data/index.ts";
import { StreamResetCode } from "../wire/error-codes.ts";
import type { Version } from "../wire/version.ts";
import type { DataStreamReader } from "./data-reader.ts";
import { MoqtSessionError } from "./errors.ts";

/** Closes the session with a data stream's protocol error. */
type Fail = (error: MoqtSessionError) => void;

/** Shared reading logic: session errors close the session, breaking early cancels. */
abstract class IncomingObjectStream<T> implements AsyncIterable<T> {
  private done = false;

  constructor(
    protected readonly reader: DataStreamReader,
    protected readonly version: Version,
    private readonly fail: Fail,
  ) {}

  /** The next item; undefined after the last one (FIN). */
  async read(): Promise<T | undefined> {
    try {
      const item = await this.reader.next((bytes, offset) => this.decode(bytes, offset));
      if (item === undefined) this.done = true;
      else this.advance(item);
      return item;
    } catch (e) {
      this.done = true;
      if (e instanceof MoqtSessionError) this.fail(e);
      throw e;
    }
  }

  /** Items in order until FIN; a reset throws a MoqtStreamError. Leaving early cancels the stream. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    try {
      for (;;) {
        const item = await this.read();
        if (item === undefined) return;
        yield item;
      }
    } finally {
      if (!this.done) this.cancel();
    }
  }

  /** Stops reading; the peer is asked to stop sending (STOP_SENDING with `code`). */
  cancel(code: number = StreamResetCode.CANCELLED): void {
    this.done = true;
    this.reader.cancel(code);
  }

  protected abstract decode(bytes: Uint8Array, offset: number): [T, number] | undefined;
  protected abstract advance(item: T): void;
}

/** A subgroup stream from the peer: its header, then its Objects in order. */
export class IncomingSubgroupStream extends IncomingObjectStream<SubgroupObject> {
  private prevObjectId: number | undefined;
  private firstObjectId: number | undefined;

  constructor(
    readonly header: SubgroupHeader,
    reader: DataStreamReader,
    version: Version,
    fail: Fail,
  ) {
    super(reader, version, fail);
  }

  /** The Subgroup ID; undefined until the first Object when the header derives it from that. */
  get subgroupId(): number | undefined {
    if (
      this.header.subgroupIdMode === SubgroupIdMode.FIRST_OBJECT_ID &&
      this.firstObjectId === undefined
    )
      return undefined;
    return subgroupIdOf(this.header, this.firstObjectId ?? 0);
  }

  protected decode(bytes: Uint8Array, offset: number): [SubgroupObject, number] | undefined {
    if (subgroupObjectEnd(bytes, offset, this.header.hasExtensions) < 0) return undefined;
    return decodeSubgroupObject(bytes, offset, this.header, this.prevObjectId, this.version);
  }

  protected advance(obj: SubgroupObject): void {
    this.prevObjectId = obj.objectId;
    this.firstObjectId ??= obj.objectId;
  }
}

/** A FETCH response stream from the peer: its header, then Objects and End of Range markers. */
export class IncomingFetchStream extends IncomingObjectStream<FetchItem> {
  private prev: FetchItem | undefined;
  private prevObject: FetchObject | undefined;

  constructor(
    readonly header: FetchHeader,
    reader: DataStreamReader,
    version: Version,
    fail: Fail,
  ) {
    super(reader, version, fail);
  }

  protected decode(bytes: Uint8Array, offset: number): [FetchItem, number] {
    return decodeFetchObject(bytes, offset, this.prev, this.prevObject, this.version);
  }

  protected advance(item: FetchItem): void {
    this.prev = item;
    if (item.kind === "object") this.prevObject = item;
  }
}
