// Handles and the client are AsyncDisposable (`await using`), and AbortSignal closes them.
import { describe, expect, it } from "vitest";
import { Collector, connect, ns, tn } from "../../../server/relay/core/testing/harness.ts";
import { ConnectionState, MoqtClient, MoqtClientErrorCode } from "./index.ts";
import { openRelay, relayDial, until } from "./testing/relay-dial.ts";

describe("disposal", () => {
  it("Symbol.asyncDispose closes publications, subscriptions and the client", async () => {
    const relay = openRelay();
    const c = new Collector();
    const raw = await connect(relay, { on: c.listeners() });
    let keep: MoqtClient;
    {
      await using client = MoqtClient.connect("https://localhost/moq", {
        dial: relayDial(relay).dial,
      });
      keep = client;
      {
        await using text = client.publishText("d/x", "t", { capability: "chat" });
        await until(() => text.isLive, "published");
        await raw.session.subscribe({
          trackNamespace: ns("d/x"),
          trackName: tn("t"),
          filter: { type: "largestObject" },
        });
        text.write("one");
        text.write("two");
        await using sub = client.subscribeText("d/x", "t", () => {});
        expect(sub.closed).toBe(false);
        expect(typeof sub[Symbol.asyncDispose]).toBe("function");
      }
      // The publication flushed its messages and ended the track (END_OF_TRACK, PUBLISH_DONE).
      await until(() => c.seen.length >= 3, "two messages and END_OF_TRACK");
      expect(c.seen.slice(0, 2).map((o) => new TextDecoder().decode(o.payload))).toEqual([
        "one",
        "two",
      ]);
      expect(client.state).toBe(ConnectionState.Connected);
    }
    expect(keep.state).toBe(ConnectionState.Closed);
    raw.session.close();
    relay.close();
  });

  it("an aborted signal closes a handle", async () => {
    const relay = openRelay();
    const client = MoqtClient.connect("https://localhost/moq", { dial: relayDial(relay).dial });
    const abort = new AbortController();
    const f = client.publishFrame("d/y", "f", { capability: "x", signal: abort.signal });
    const s = client.subscribeFrame("d/y", "g", () => {}, { signal: abort.signal });
    abort.abort();
    expect(f.closed).toBe(true);
    expect(s.closed).toBe(true);
    expect(() => f.write(1, new Uint8Array(1))).toThrowError(
      expect.objectContaining({ code: MoqtClientErrorCode.CLOSED }),
    );
    // A handle born closed does not hold its track.
    const again = client.publishFrame("d/y", "f", { capability: "x", signal: AbortSignal.abort() });
    expect(again.closed).toBe(true);
    expect(client.publishFrame("d/y", "f", { capability: "x" }).closed).toBe(false);
    const clientAbort = new AbortController();
    const c2 = MoqtClient.connect("https://localhost/moq", {
      dial: relayDial(relay).dial,
      signal: clientAbort.signal,
    });
    await c2.connected();
    clientAbort.abort();
    await until(() => c2.state === ConnectionState.Closed, "Closed");
    await client.close();
    relay.close();
  });
});
