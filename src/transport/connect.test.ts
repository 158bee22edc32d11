import { describe, expect, it } from "vitest";
import {
  type ConnectTransportOptions,
  connectTransport,
  type TransportDialers,
} from "./connect.ts";
import { ConnectError, ConnectFailure } from "./connect-errors.ts";
import { hasWorkingWebTransport, planAttempts } from "./connect-plan.ts";
import { resolveEndpoints } from "./endpoints.ts";
import { createTransportPair } from "./memory.ts";
import type { QmuxConnectOptions } from "./qmux.ts";
import type { MoqTransport } from "./types.ts";
import type { WebTransportConnectOptions } from "./webtransport.ts";

type Outcome = "ok" | "hang" | Error;

interface Log {
  readonly wt: { url: string; o: WebTransportConnectOptions }[];
  readonly ws: { url: string; o: QmuxConnectOptions }[];
  readonly fetched: string[];
}

const HASH = "ab".repeat(32);

/** Dialers whose outcomes the test picks; "hang" waits for the attempt's signal. */
function fakeDialers(
  wt: Outcome,
  ws: Outcome,
  o: { usable?: boolean; hash?: "ok" | "404" | "down" } = {},
): { dialers: TransportDialers; log: Log } {
  const log: Log = { wt: [], ws: [], fetched: [] };
  const outcome = (x: Outcome, signal: AbortSignal | undefined): Promise<MoqTransport> => {
    if (x === "ok") return Promise.resolve(createTransportPair({ protocol: "moqt-16" })[0]);
    if (x === "hang") {
      return new Promise((_, reject) =>
        signal?.addEventListener("abort", () => reject(new Error("connect aborted"))),
      );
    }
    return Promise.reject(x);
  };
  const dialers: TransportDialers = {
    webTransportUsable: o.usable ?? true,
    webTransport: (url, opts) => {
      log.wt.push({ url: url.href, o: opts });
      return outcome(wt, opts.signal);
    },
    webSocket: (url, opts) => {
      log.ws.push({ url: url.href, o: opts });
      return outcome(ws, opts.signal);
    },
    fetch: async (url) => {
      log.fetched.push(url);
      if (o.hash === "down") throw new TypeError("fetch failed");
      if (o.hash === "404") return new Response("no", { status: 404 });
      return new Response(`${HASH}\n`);
    },
  };
  return { dialers, log };
}

const LOCAL = "https://127.0.0.1:4443/moq";
const PROTOCOLS = ["moqt-16", "moq-00"];

async function failure(p: Promise<unknown>): Promise<ConnectError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ConnectError) return e;
    throw e;
  }
  throw new Error("expected a rejection");
}

describe("planAttempts", () => {
  const eps = resolveEndpoints(LOCAL);
  it("auto: WebTransport bounded, then WebSocket; WebSocket alone without WebTransport", () => {
    expect(planAttempts(eps, "auto", true).map((a) => [a.kind, a.url.href, a.timeoutMs])).toEqual([
      ["webtransport", "https://127.0.0.1:4443/moq", 4000],
      ["websocket", "ws://127.0.0.1:4443/moq", 10000],
    ]);
    expect(planAttempts(eps, "auto", false).map((a) => a.kind)).toEqual(["websocket"]);
    expect(planAttempts(resolveEndpoints("wss://h/moq"), "auto", true).map((a) => a.kind)).toEqual([
      "websocket",
    ]);
    expect(
      planAttempts(eps, "auto", true, { timeoutMs: 1000, webTransportTimeoutMs: 5000 })[0]
        ?.timeoutMs,
    ).toBe(1000);
  });

  it("forced: one attempt, or a typed refusal", () => {
    expect(planAttempts(eps, "websocket", true).map((a) => a.kind)).toEqual(["websocket"]);
    expect(planAttempts(eps, "webtransport", true).map((a) => a.kind)).toEqual(["webtransport"]);
    expect(() => planAttempts(eps, "webtransport", false)).toThrow(
      expect.objectContaining({ failure: ConnectFailure.UNSUPPORTED }),
    );
    expect(() => planAttempts(resolveEndpoints("ws://h/"), "webtransport", true)).toThrow(
      expect.objectContaining({ failure: ConnectFailure.INVALID_URL }),
    );
  });
});

describe("hasWorkingWebTransport", () => {
  it("needs a WebTransport constructor, and not Deno's", () => {
    const WebTransport = () => undefined;
    expect(hasWorkingWebTransport({ WebTransport })).toBe(true);
    expect(hasWorkingWebTransport({ WebTransport, Deno: {} })).toBe(false);
    expect(hasWorkingWebTransport({})).toBe(false);
    expect(hasWorkingWebTransport()).toBe(false); // Node
  });
});

describe("connectTransport", () => {
  it("uses WebTransport with the fetched loopback certificate hash", async () => {
    const { dialers, log } = fakeDialers("ok", "ok");
    const t = await connectTransport(LOCAL, { protocols: PROTOCOLS }, dialers);
    expect(t.kind).toBe("webtransport");
    expect(t.url).toBe(LOCAL);
    expect(t.protocol).toBe("moqt-16");
    expect(log.fetched).toEqual(["http://127.0.0.1:4443/certificate.sha256"]);
    expect(log.wt[0]?.o.protocols).toEqual(PROTOCOLS);
    expect(Array.from(log.wt[0]?.o.serverCertificateHashes?.[0] as Uint8Array)).toEqual(
      new Array(32).fill(0xab),
    );
    expect(log.ws).toHaveLength(0);
  });

  it("passes given hashes through and fetches nothing", async () => {
    const { dialers, log } = fakeDialers("ok", "ok");
    await connectTransport(LOCAL, { serverCertificateHashes: [HASH] }, dialers);
    expect(log.fetched).toEqual([]);
    expect(log.wt[0]?.o.serverCertificateHashes).toEqual([HASH]);
  });

  it("dials unpinned when no hash can be fetched", async () => {
    for (const hash of ["404", "down"] as const) {
      const { dialers, log } = fakeDialers("ok", "ok", { hash });
      await connectTransport(LOCAL, {}, dialers);
      expect(log.wt[0]?.o.serverCertificateHashes).toBeUndefined();
    }
  });

  it("falls back to WebSocket when WebTransport fails", async () => {
    const { dialers, log } = fakeDialers(new Error("Opening handshake failed."), "ok");
    const t = await connectTransport(LOCAL, { protocols: PROTOCOLS }, dialers);
    expect(t.kind).toBe("websocket");
    expect(t.url).toBe("ws://127.0.0.1:4443/moq");
    expect(log.ws[0]?.o.protocols).toEqual(PROTOCOLS);
  });

  it("falls back once a hanging WebTransport attempt exceeds its bound (blocked UDP)", async () => {
    const { dialers, log } = fakeDialers("hang", "ok");
    const started = Date.now();
    const t = await connectTransport(LOCAL, { webTransportTimeoutMs: 30 }, dialers);
    expect(t.kind).toBe("websocket");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(log.wt[0]?.o.signal?.aborted).toBe(true);
  });

  it("goes straight to WebSocket where WebTransport is unusable, or when forced", async () => {
    const a = fakeDialers("ok", "ok", { usable: false });
    expect((await connectTransport(LOCAL, {}, a.dialers)).kind).toBe("websocket");
    expect(a.log.fetched).toEqual([]);
    const b = fakeDialers("ok", "ok");
    const t = await connectTransport(
      "https://relay.example/moq",
      { transport: "websocket", webSocketUrl: "wss://ws.relay.example/moq" },
      b.dialers,
    );
    expect(t.url).toBe("wss://ws.relay.example/moq");
    expect(b.log.wt).toHaveLength(0);
  });

  it("reports every attempt when all fail, with the last one's retry hint", async () => {
    const { dialers } = fakeDialers(
      new Error("Opening handshake failed."),
      new Error("failed to connect to WebSocket: tcp connect error"),
    );
    const e = await failure(connectTransport(LOCAL, {}, dialers));
    expect(e.failure).toBe("refused");
    expect(e.retryable).toBe(true);
    expect(e.transport).toBe("websocket");
    expect(e.attempts.map((a) => [a.transport, a.error.failure])).toEqual([
      ["webtransport", "network"],
      ["websocket", "refused"],
    ]);
  });

  it("does not retry a rejected session as retryable", async () => {
    const { dialers } = fakeDialers("ok", new Error("Invalid status code: 400"));
    const e = await failure(connectTransport(LOCAL, { transport: "websocket" }, dialers));
    expect(e).toMatchObject({ failure: "rejected", retryable: false });
  });

  it("times a forced attempt out", async () => {
    const { dialers } = fakeDialers("ok", "hang");
    const e = await failure(
      connectTransport(LOCAL, { transport: "websocket", timeoutMs: 20 }, dialers),
    );
    expect(e).toMatchObject({ failure: "timeout", retryable: true });
  });

  it("stops at once when the signal aborts, without falling back", async () => {
    const { dialers, log } = fakeDialers("hang", "ok");
    const ctl = new AbortController();
    const o: ConnectTransportOptions = { signal: ctl.signal };
    const p = connectTransport(LOCAL, o, dialers);
    setTimeout(() => ctl.abort(), 5);
    expect(await failure(p)).toMatchObject({ failure: "aborted", retryable: false });
    expect(log.ws).toHaveLength(0);
    expect((await failure(connectTransport(LOCAL, o, dialers))).failure).toBe("aborted");
  });

  it("rejects a bad URL before dialing", async () => {
    const { dialers, log } = fakeDialers("ok", "ok");
    expect(await failure(connectTransport("not a url", {}, dialers))).toMatchObject({
      failure: "invalid_url",
    });
    expect(log.wt.length + log.ws.length).toBe(0);
  });
});
