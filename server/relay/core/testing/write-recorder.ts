// What a relay writes on the data streams of one session: every buffer handed to
// each unidirectional stream's writer, in order, by stream (in opening order).
import type { MoqSendStream, MoqTransport } from "../../../../src/transport/types.ts";

/** The writes on a session's unidirectional streams, as the relay made them. */
export class WriteRecorder {
  /** Per stream, in the order the relay opened them: each buffer it wrote. */
  readonly streams: Uint8Array[][] = [];

  /** `transport` with its unidirectional streams' writes recorded here. */
  wrap(transport: MoqTransport): MoqTransport {
    return new Proxy(transport, {
      get: (target, key) => {
        if (key !== "createUnidirectionalStream") return Reflect.get(target, key);
        return async (options?: Parameters<MoqTransport["createUnidirectionalStream"]>[0]) =>
          this.recorded(await target.createUnidirectionalStream(options));
      },
    });
  }

  /** Every write, across streams. */
  get writes(): number {
    return this.streams.reduce((n, s) => n + s.length, 0);
  }

  private recorded(stream: MoqSendStream): MoqSendStream {
    const writes: Uint8Array[] = [];
    this.streams.push(writes);
    const getWriter = stream.getWriter.bind(stream);
    return new Proxy(stream, {
      get: (target, key) => {
        if (key !== "getWriter") {
          const v = Reflect.get(target, key);
          return typeof v === "function" ? v.bind(target) : v;
        }
        return () => {
          const writer = getWriter();
          return new Proxy(writer, {
            get: (w, k) => {
              if (k !== "write") {
                const v = Reflect.get(w, k);
                return typeof v === "function" ? v.bind(w) : v;
              }
              return (chunk: Uint8Array) => {
                writes.push(chunk);
                return w.write(chunk);
              };
            },
          });
        };
      },
    });
  }
}
