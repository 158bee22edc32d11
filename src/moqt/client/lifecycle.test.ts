// Connection lifecycle: queueing before the session is up, subscribing before a
// publisher exists, fan-out, and the unrecoverable conditions that end in Failed.
import { afterEach, describe, expect, it } from "vitest";
import { Relay } from "../../../server/relay/core/mod.ts";
import { signToken, testKeys } from "../../../server/relay/core/testing/tokens.ts";
import { createTransportPair } from "../../transport/memory.ts";
import { Version } from "../wire/version.ts";
import type { Dial } from "./dial.ts";
import {
  ConnectionState,
  ExponentialBackoff,
  MoqtClient,
  type MoqtClientError,
  MoqtClientErrorCode,
  type MoqtClientOptions,
  NO_RECONNECT,
  type TextSubscription,
} from "./index.ts";
import { openRelay, protocolOf, relayDial, settle, until } from "./testing/relay-dial.ts";

const URL = "https://localhost:4443/moq";

describe("MoqtClient lifecycle", () => {
  const clients: MoqtClient[] = [];
  const open = (o: MoqtClientOptions) => {
    const c = MoqtClient.connect(URL, o);
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  it("queues publish, subscribe and writes made before the session is up", async () => {
    const relay = openRelay();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const inner = relayDial(relay).dial;
    const slow: Dial = async (url, o) => {
      await gate;
      return inner(url, o);
    };
    const pub = open({ dial: slow });
    const sub = open({ dial: slow });
    const got: string[] = [];
    const frames: number[] = [];
    sub.subscribeText("q/a", "t", (_ts, t) => got.push(t));
    sub.subscribeFrame("q/a", "f", (ts) => frames.push(ts));
    const text = pub.publishText("q/a", "t", { capability: "chat" });
    const frame = pub.publishFrame("q/a", "f", { capability: "ros.telemetry" });
    text.write("before connect 1");
    text.write("before connect 2");
    frame.write(42, new Uint8Array([1]));
    expect(pub.state).toBe(ConnectionState.Connecting);
    expect(text.queued).toBe(2);
    await settle(20);
    expect(got).toEqual([]);
    release();
    await until(() => got.length === 2 && frames.length === 1, "queued messages");
    expect(got).toEqual(["before connect 1", "before connect 2"]);
    expect(frames).toEqual([42]);
    await expect(pub.connected()).resolves.toBeUndefined();
  });

  it("subscribes before the publisher exists (asked again until the track appears)", async () => {
    const relay = openRelay();
    const sub = open({ dial: relayDial(relay).dial });
    const got: number[] = [];
    const subscription = sub.subscribeFrame("robot/7/ctl", "cmd", (ts) => got.push(ts));
    await sub.connected();
    await settle(50);
    const pub = open({ dial: relayDial(relay).dial });
    const cmd = pub.publishFrame("robot/7/ctl", "cmd", { capability: "ros.command" });
    await until(() => cmd.isLive, "published");
    // The relay answered DOES_NOT_EXIST with a Retry Interval: the next SUBSCRIBE succeeds.
    await until(() => subscription.isActive, "subscribed", 5_000);
    cmd.write(1, new Uint8Array([1]));
    cmd.write(2, new Uint8Array([2]));
    await until(() => got.length === 2, "2 commands");
    expect(got.sort()).toEqual([1, 2]);
  });

  it("fans one track out to 10 subscribers", async () => {
    const relay = openRelay();
    const pub = open({ dial: relayDial(relay, 14).dial });
    const track = pub.publishText("fan/out", "t", { capability: "chat" });
    await until(() => track.isLive, "published");
    const received: string[][] = [];
    const subs: TextSubscription[] = [];
    for (let i = 0; i < 10; i++) {
      const mine: string[] = [];
      received.push(mine);
      const c = open({ dial: relayDial(relay, i % 2 === 0 ? 14 : 16).dial });
      subs.push(c.subscribeText("fan/out", "t", (_ts, t) => mine.push(t)));
    }
    await until(() => subs.every((s) => s.isActive), "10 subscriptions");
    for (let i = 0; i < 100; i++) track.write(`x${i}`);
    await until(() => received.every((r) => r.length === 100), "100 messages × 10");
    const expected = [...Array(100).keys()].map((i) => `x${i}`);
    for (const r of received) expect(r).toEqual(expected);
  });

  it("goes to Failed on a malformed URL without dialling", async () => {
    let dials = 0;
    const states: ConnectionState[] = [];
    const c = MoqtClient.connect("not a url", {
      dial: async () => {
        dials++;
        throw new Error("unreachable");
      },
      onState: (s) => states.push(s),
    });
    clients.push(c);
    await expect(c.connected()).rejects.toMatchObject({ code: MoqtClientErrorCode.MALFORMED_URL });
    expect(c.state).toBe(ConnectionState.Failed);
    expect(c.error?.code).toBe(MoqtClientErrorCode.MALFORMED_URL);
    expect(states).toEqual(["Failed"]);
    expect(dials).toBe(0);
    const ftp = MoqtClient.connect("ftp://relay/moq", { dial: async () => fail() });
    clients.push(ftp);
    await expect(ftp.connected()).rejects.toMatchObject({
      code: MoqtClientErrorCode.MALFORMED_URL,
    });
  });

  it("goes to Failed when the relay refuses the token, without retrying", async () => {
    const keys = await testKeys();
    const relay = new Relay({ auth: { mode: "jwt", key: keys.publicKey } });
    const d = relayDial(relay);
    const c = open({ dial: d.dial, reconnect: new ExponentialBackoff({ initialDelayMs: 1 }) });
    const error = await c.connected().then(
      () => undefined,
      (e: MoqtClientError) => e,
    );
    expect(error?.code).toBe(MoqtClientErrorCode.AUTH_REFUSED);
    expect(error?.fatal).toBe(true);
    await settle(50);
    expect(d.transports).toHaveLength(1);
    // With a valid token the same relay accepts.
    const token = await signToken(keys, { pub: ["a"], sub: ["a"] });
    const ok = open({ dial: relayDial(relay).dial, token });
    await expect(ok.connected()).resolves.toBeUndefined();
  });

  it("asks a token function again on every reconnect", async () => {
    const keys = await testKeys();
    const relay = new Relay({ auth: { mode: "jwt", key: keys.publicKey } });
    const d = relayDial(relay);
    let asked = 0;
    const token = () => {
      asked++;
      return signToken(keys, { pub: [""], sub: [""] });
    };
    const c = open({
      dial: d.dial,
      token,
      reconnect: new ExponentialBackoff({ initialDelayMs: 1 }),
    });
    await c.connected();
    d.last().simulateConnectionLoss();
    await until(() => d.transports.length === 2 && c.state === ConnectionState.Connected, "back");
    expect(asked).toBe(2);
  });

  it("goes to Failed on a version mismatch, without retrying", async () => {
    const relay = new Relay({ auth: { mode: "none" }, versions: [Version.DRAFT_14] });
    let dials = 0;
    const dial: Dial = async () => {
      dials++;
      const [c, s] = createTransportPair({ protocol: protocolOf(16) });
      void relay.accept(s, { path: "/moq" });
      return c;
    };
    const c = open({ dial, reconnect: new ExponentialBackoff({ initialDelayMs: 1 }) });
    await expect(c.connected()).rejects.toMatchObject({
      code: MoqtClientErrorCode.VERSION_MISMATCH,
    });
    await settle(50);
    expect(dials).toBe(1);
    expect(c.state).toBe(ConnectionState.Failed);
  });

  it("retries an unreachable relay until the policy returns null, then Failed", async () => {
    const relay = openRelay();
    const d = relayDial(relay);
    d.down = true;
    const retries: number[] = [];
    const c = open({
      dial: d.dial,
      reconnect: new ExponentialBackoff({ initialDelayMs: 1, maxAttempts: 3 }),
    });
    c.on("retry", (r) => retries.push(r.attempt));
    await expect(c.connected()).rejects.toMatchObject({
      code: MoqtClientErrorCode.RETRIES_EXHAUSTED,
    });
    expect(retries).toEqual([1, 2, 3]);
  });

  it("a null policy after a loss ends in Failed", async () => {
    const relay = openRelay();
    const d = relayDial(relay);
    const states: ConnectionState[] = [];
    const c = open({ dial: d.dial, reconnect: NO_RECONNECT, onState: (s) => states.push(s) });
    await c.connected();
    d.last().simulateConnectionLoss();
    await until(() => c.state === ConnectionState.Failed, "Failed");
    expect(states).toEqual(["Connected", "Reconnecting", "Failed"]);
    expect(c.error?.code).toBe(MoqtClientErrorCode.RETRIES_EXHAUSTED);
  });

  it("close() ends in Closed and stops reconnecting", async () => {
    const relay = openRelay();
    const d = relayDial(relay);
    const c = open({ dial: d.dial });
    await c.connected();
    await c.close();
    expect(c.state).toBe(ConnectionState.Closed);
    await settle(50);
    expect(d.transports).toHaveLength(1);
    expect(() => c.publishText("a", "b", { capability: "c" })).toThrowError(/closed/);
  });
});

function fail(): never {
  throw new Error("unreachable relay");
}
