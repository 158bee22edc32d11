// A dev server that served its certificate hash and now answers nothing is down:
// the attempt fails (REFUSED, retryable) without a WebTransport handshake, which
// browsers penalise when it fails. A server never seen serving a hash is dialled
// unpinned, as before.
import { describe, expect, it } from "vitest";
import { connectTransport, type TransportDialers } from "./connect.ts";
import { ConnectError, ConnectFailure } from "./connect-errors.ts";
import { createTransportPair } from "./memory.ts";

function dialers(hash: "ok" | "down"): { dialers: TransportDialers; webTransportDials: number } {
  const d = {
    webTransportDials: 0,
    dialers: {
      webTransportUsable: true,
      webTransport: async () => {
        d.webTransportDials++;
        return createTransportPair({ protocol: "moqt-16" })[0];
      },
      webSocket: () => Promise.reject(new Error("unused")),
      fetch: async () => {
        if (hash === "down") throw new TypeError("fetch failed");
        return new Response(`${"ab".repeat(32)}\n`);
      },
    } satisfies TransportDialers,
  };
  return d;
}

describe("connectTransport to a dev server that went down", () => {
  it("fails REFUSED without dialling WebTransport once the server served its hash", async () => {
    const url = "https://127.0.0.1:4501/moq";
    const up = dialers("ok");
    await connectTransport(url, { transport: "webtransport" }, up.dialers);
    expect(up.webTransportDials).toBe(1);

    const down = dialers("down");
    const e = await connectTransport(url, { transport: "webtransport" }, down.dialers).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ConnectError);
    expect((e as ConnectError).failure).toBe(ConnectFailure.REFUSED);
    expect((e as ConnectError).retryable).toBe(true);
    expect(down.webTransportDials).toBe(0);
  });

  it("dials unpinned when the server never served a hash", async () => {
    const down = dialers("down");
    await connectTransport(
      "https://127.0.0.1:4502/moq",
      { transport: "webtransport" },
      down.dialers,
    );
    expect(down.webTransportDials).toBe(1);
  });
});
