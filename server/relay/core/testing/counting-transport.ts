// A transport wrapper counting the bytes an endpoint sends, by kind.
import type {
  MoqBidirectionalStream,
  MoqCloseInfo,
  MoqDatagrams,
  MoqReceiveStream,
  MoqSendStream,
  MoqStreamOptions,
  MoqTransport,
} from "../../../../src/transport/types.ts";

/** Bytes sent through a CountingTransport. */
export interface SentBytes {
  control: number;
  data: number;
  datagrams: number;
}

function counted(inner: MoqSendStream, add: (n: number) => void): MoqSendStream {
  const writer = inner.getWriter();
  const out: MoqSendStream = new WritableStream<Uint8Array>({
    write: (chunk) => {
      add(chunk.length);
      return writer.write(chunk);
    },
    close: () => writer.close(),
    abort: (reason) => writer.abort(reason),
  });
  if (inner.sendOrder !== undefined) out.sendOrder = inner.sendOrder;
  return out;
}

/** Delegates to `inner`, counting bytes written on streams and datagrams. */
export class CountingTransport implements MoqTransport {
  readonly sent: SentBytes = { control: 0, data: 0, datagrams: 0 };
  readonly datagrams: MoqDatagrams;

  constructor(private readonly inner: MoqTransport) {
    const d = inner.datagrams;
    const writer = d.writable.getWriter();
    this.datagrams = {
      readable: d.readable,
      maxDatagramSize: d.maxDatagramSize,
      writable: new WritableStream<Uint8Array>({
        write: (chunk) => {
          this.sent.datagrams += chunk.length;
          return writer.write(chunk);
        },
      }),
    };
  }

  get ready(): Promise<void> {
    return this.inner.ready;
  }
  get closed(): Promise<MoqCloseInfo> {
    return this.inner.closed;
  }
  get protocol(): string {
    return this.inner.protocol;
  }
  get incomingBidirectionalStreams(): ReadableStream<MoqBidirectionalStream> {
    return this.inner.incomingBidirectionalStreams;
  }
  get incomingUnidirectionalStreams(): ReadableStream<MoqReceiveStream> {
    return this.inner.incomingUnidirectionalStreams;
  }
  close(info?: Partial<MoqCloseInfo>): void {
    this.inner.close(info);
  }
  async createBidirectionalStream(options?: MoqStreamOptions): Promise<MoqBidirectionalStream> {
    const s = await this.inner.createBidirectionalStream(options);
    return {
      readable: s.readable,
      writable: counted(s.writable, (n) => {
        this.sent.control += n;
      }),
    };
  }
  async createUnidirectionalStream(options?: MoqStreamOptions): Promise<MoqSendStream> {
    const s = await this.inner.createUnidirectionalStream(options);
    return counted(s, (n) => {
      this.sent.data += n;
    });
  }
}
