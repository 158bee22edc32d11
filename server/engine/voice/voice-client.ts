// The engine's own client of the relay: an in-process MoqtClient whose "dial"
// hands one end of an in-memory transport pair to the relay.
import { MoqtClient } from "../../../src/moqt/client/client.ts";
import { PROFILES, Version } from "../../../src/moqt/wire/version.ts";
import { createTransportPair } from "../../../src/transport/memory.ts";
import type { Relay } from "../../relay/core/mod.ts";

/** A client of `relay` that needs no network (and no token: use with a relay without auth). */
export function inProcessClient(relay: Relay): MoqtClient {
  return MoqtClient.connect("https://engine.invalid/moq", {
    dial: () => {
      const [client, server] = createTransportPair({
        protocol: PROFILES[Version.DRAFT_16].alpn,
        streamWindowBytes: 1 << 20,
      });
      void relay.accept(server, { path: "/moq" });
      return Promise.resolve(client);
    },
  });
}
