// Token refresh before `exp` against the relay core with JWT auth (the relay
// ends a session with EXPIRED_AUTH_TOKEN at its token's `exp`): a `token`
// function is asked ahead of expiry, every track moves to a session with the
// fresh token, and text keeps arriving exactly once; a failing refresh is a
// typed event and the session ends at `exp` as before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Relay } from "../../../server/relay/core/mod.ts";
import { signToken, type TestKeys, testKeys } from "../../../server/relay/core/testing/tokens.ts";
import { MoqtClient, type MoqtClientError, MoqtClientErrorCode } from "./index.ts";
import { relayDial, until } from "./testing/relay-dial.ts";
import { jwtExpiryMs, refreshDelayMs } from "./token-expiry.ts";

const URL_ = "https://localhost/moq";
const GRANT = { pub: ["refresh"], sub: ["refresh"] };

describe("token expiry", () => {
  it("reads exp without verifying and plans the refresh a fifth of the time left ahead", async () => {
    const keys = await testKeys();
    const token = await signToken(keys, GRANT, { nowMs: 1_000_000, expiresInS: 60 });
    expect(jwtExpiryMs(token)).toBe(1_060_000);
    expect(jwtExpiryMs("not.a-jwt")).toBeUndefined();
    expect(refreshDelayMs(60_000, 0)).toBe(48_000);
    expect(refreshDelayMs(600_000, 0)).toBe(570_000); // at most 30 s ahead
    expect(refreshDelayMs(3_000, 0)).toBe(2_000); // at least 1 s ahead
    expect(refreshDelayMs(900, 0)).toBeUndefined();
  });
});

describe("token refresh against a relay that ends sessions at exp", () => {
  let keys: TestKeys;
  let relay: Relay;
  const clients: MoqtClient[] = [];
  beforeAll(async () => {
    keys = await testKeys();
    relay = new Relay({ auth: { mode: "jwt", key: keys.publicKey } });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    relay.close();
  });

  for (const draft of [14, 16] as const) {
    it(`draft-${draft}: 3 s tokens, 6 s of messages: refreshed ahead, none lost or doubled`, async () => {
      let minted = 0;
      // exp is in whole seconds: these live 2..3 s, refreshed 1 s before.
      const token = () => {
        minted++;
        return signToken(keys, GRANT, { expiresInS: 3 });
      };
      const closes: string[] = [];
      const pub = MoqtClient.connect(URL_, { dial: relayDial(relay, draft).dial, token });
      const sub = MoqtClient.connect(URL_, { dial: relayDial(relay, draft).dial, token });
      clients.push(pub, sub);
      for (const c of [pub, sub]) c.on("retry", (r) => closes.push(r.error.message));
      const text = pub.publishText(`refresh/${draft}`, "chat", { capability: "chat.text" });
      const got: string[] = [];
      const s = sub.subscribeText(`refresh/${draft}`, "chat", (_, t) => got.push(t));
      await until(() => text.isLive && s.isActive, "up");
      const sent: string[] = [];
      const endAt = Date.now() + 6_000;
      for (let i = 0; Date.now() < endAt; i++) {
        text.write(`m${i}`);
        sent.push(`m${i}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await until(() => got.length >= sent.length, "every message", 8_000);
      expect(got).toEqual(sent);
      expect(minted).toBeGreaterThanOrEqual(6); // two clients, at least 3 tokens each
      // Every session ended by the client's refresh, never by the relay's expiry.
      expect(closes.filter((m) => m.includes("EXPIRED") || m.includes("expired"))).toEqual([]);
      expect(closes.length).toBeGreaterThanOrEqual(4);
      expect(closes.every((m) => m.includes("token refresh"))).toBe(true);
    }, 20_000);
  }

  it("a refresh that fails is reported; the relay's expiry then forces a reconnect", async () => {
    let calls = 0;
    const token = async () => {
      calls++;
      if (calls === 2) throw new Error("token server down");
      return signToken(keys, GRANT, { expiresInS: 2 });
    };
    const c = MoqtClient.connect(URL_, { dial: relayDial(relay).dial, token });
    clients.push(c);
    const failures: MoqtClientError[] = [];
    c.on("tokenRefreshFailed", (e) => failures.push(e));
    c.subscribeText("refresh/fail", "chat", () => undefined);
    await until(() => failures.length === 1, "the failed refresh", 4_000);
    expect(failures[0]!.code).toBe(MoqtClientErrorCode.TOKEN_REFRESH_FAILED);
    expect(failures[0]!.message).toContain("token server down");
    // The relay ends the session at exp; the reconnect asks token() again and succeeds.
    await until(() => calls >= 3 && c.state === "Connected", "reconnected with a new token", 5_000);
  }, 10_000);
});
