// GOAWAY: the client moves to the URI the server names, re-establishing its tracks.
import { describe, expect, it } from "vitest";
import { createTransportPair } from "../../transport/memory.ts";
import { MoqtSession } from "../session/session.ts";
import type { Dial } from "./dial.ts";
import { ConnectionState, ExponentialBackoff, MoqtClient } from "./index.ts";
import { openRelay, protocolOf, until } from "./testing/relay-dial.ts";

describe("GOAWAY", () => {
  it("reconnects to the new session URI and re-subscribes there", async () => {
    const relay = openRelay();
    const dialled: string[] = [];
    let first: MoqtSession | undefined;
    const dial: Dial = async (url) => {
      dialled.push(url.href);
      const [c, s] = createTransportPair({ protocol: protocolOf(16) });
      if (dialled.length === 1) {
        // A server about to go away: it accepts the session, then sends GOAWAY.
        void MoqtSession.accept(s).then((session) => {
          first = session;
        });
      } else {
        void relay.accept(s, { path: url.pathname });
      }
      return c;
    };
    const states: ConnectionState[] = [];
    const client = MoqtClient.connect("https://old.example/moq", {
      dial,
      reconnect: new ExponentialBackoff({ initialDelayMs: 1 }),
      onState: (s) => states.push(s),
    });
    const got: string[] = [];
    const sub = client.subscribeText("g/a", "t", (_ts, m) => got.push(m));
    await until(() => first !== undefined, "first session");
    first!.goAway("https://new.example/moq");
    await until(() => dialled.length === 2 && client.state === ConnectionState.Connected, "moved");
    expect(dialled).toEqual(["https://old.example/moq", "https://new.example/moq"]);
    const pubc = MoqtClient.connect("https://new.example/moq", {
      dial: async () => {
        const [c, s] = createTransportPair({ protocol: protocolOf(16) });
        void relay.accept(s, { path: "/moq" });
        return c;
      },
    });
    const t = pubc.publishText("g/a", "t", { capability: "chat" });
    await until(() => sub.isActive && t.isLive, "subscribed at the new relay");
    t.write("hello");
    await until(() => got.length === 1, "a message");
    expect(states).toEqual(["Connected", "Reconnecting", "Connected"]);
    await Promise.all([client.close(), pubc.close()]);
    relay.close();
  });
});
