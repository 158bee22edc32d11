// A stand-in for the browser's `WebTransport` constructor that reaches an
// in-process relay over an in-memory pair, so code that calls
// `MoqtClient.connect(url)` with the default dial runs unchanged in tests.
import type { Relay } from "../../../../server/relay/core/mod.ts";
import { createTransportPair, type MemoryTransport } from "../../../transport/memory.ts";
import { selectProtocol } from "../../session/negotiation.ts";

/** A `WebTransport`-shaped class bound to `relay`; `made` lists every session opened. */
export function fakeWebTransport(relay: Relay): {
  readonly WebTransport: new (url: string, options?: { protocols?: string[] }) => MemoryTransport;
  readonly made: MemoryTransport[];
} {
  const made: MemoryTransport[] = [];
  class FakeWebTransport {
    constructor(url: string, options: { protocols?: string[] } = {}) {
      const protocol = selectProtocol(options.protocols ?? []) ?? "";
      const [client, server] = createTransportPair({ protocol });
      void relay.accept(server, { path: new URL(url).pathname });
      made.push(client);
      // biome-ignore lint/correctness/noConstructorReturn: the stand-in is the memory transport itself
      return client;
    }
  }
  return {
    WebTransport: FakeWebTransport as unknown as new (
      url: string,
      options?: { protocols?: string[] },
    ) => MemoryTransport,
    made,
  };
}
