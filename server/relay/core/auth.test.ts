import { beforeAll, describe, expect, it } from "vitest";
import { MoqtSession, MoqtSessionError } from "../../../src/moqt/session/index.ts";
import { SessionErrorCode } from "../../../src/moqt/wire/index.ts";
import { createTransportPair } from "../../../src/transport/memory.ts";
import { Relay } from "./relay.ts";
import { Collector, connect, ENC, ns, TrackPublisher, tn } from "./testing/harness.ts";
import { ManualClock } from "./testing/manual-clock.ts";
import { signToken, type TestKeys, tamper, testKeys } from "./testing/tokens.ts";
import { until } from "./testing/wait.ts";

async function refusal(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (e) {
    if (e instanceof MoqtSessionError) return e.termination;
    throw e;
  }
  throw new Error("the session was accepted");
}

const ROBOT = { pub: ["robot/1"], sub: ["robot/", "ctl/1"] };

describe("namespace auth (JWT)", () => {
  let keys: TestKeys;
  beforeAll(async () => {
    keys = await testKeys();
  });
  const jwtRelay = () => new Relay({ auth: { mode: "jwt", key: keys.publicKey } });

  it("accepts a valid token from the setup parameter and enforces its scope per request", async () => {
    const relay = jwtRelay();
    const token = await signToken(keys, ROBOT);
    const robot = await connect(relay, { tokens: [token] });
    await robot.session.publishNamespace({ trackNamespace: ns("robot/1") });
    // Out of scope: refused with UNAUTHORIZED, and the session goes on.
    await expect(
      robot.session.publishNamespace({ trackNamespace: ns("robot/2") }),
    ).rejects.toMatchObject({ errorName: "UNAUTHORIZED" });
    await expect(
      robot.session.publish({
        trackNamespace: ns("robotics"),
        trackName: tn("x"),
        trackAlias: 1,
        forward: true,
      }),
    ).rejects.toMatchObject({ errorName: "UNAUTHORIZED" });
    await expect(
      robot.session.subscribe({ trackNamespace: ns("ctl/2"), trackName: tn("cmd") }),
    ).rejects.toMatchObject({ errorName: "UNAUTHORIZED" });
    await expect(
      robot.session.subscribeNamespace({ trackNamespacePrefix: [] }),
    ).rejects.toMatchObject({ errorName: "UNAUTHORIZED" });
    const track = await TrackPublisher.publish(robot.session, "robot/1", "odom");
    expect(robot.session.isClosed).toBe(false);
    // A second, fully authorized session is unaffected.
    const c = new Collector();
    const viewer = await connect(relay, {
      draft: 14,
      on: c.listeners(),
      tokens: [await signToken(keys, { sub: [""] })],
    });
    const ok = await viewer.session.subscribe({
      trackNamespace: ns("robot/1"),
      trackName: tn("odom"),
    });
    await track.group(0, 2);
    await until(() => c.seen.length === 2, "objects");
    expect(c.keys(ok.trackAlias)).toEqual(["0:0", "0:1"]);
    relay.close();
  });

  it("accepts the token from ?jwt=", async () => {
    const relay = jwtRelay();
    const token = await signToken(keys, ROBOT);
    const robot = await connect(relay, { query: `jwt=${token}` });
    await robot.session.publishNamespace({ trackNamespace: ns("robot/1") });
    relay.close();
  });

  it("admits an in-process session on the rights its host gives, without a token, and only within them", async () => {
    const relay = jwtRelay();
    const engine = await connect(relay, { grants: [{ pub: [ns("voice")], sub: [ns("voice")] }] });
    await engine.session.publishNamespace({ trackNamespace: ns("voice/CA1") });
    await expect(
      engine.session.publishNamespace({ trackNamespace: ns("robot/1") }),
    ).rejects.toMatchObject({ errorName: "UNAUTHORIZED" });
    await expect(
      engine.session.subscribe({ trackNamespace: ns("robot/1"), trackName: tn("odom") }),
    ).rejects.toMatchObject({ errorName: "UNAUTHORIZED" });
    relay.close();
  });

  it("refuses expired, tampered, malformed and missing tokens with the draft's codes", async () => {
    const relay = jwtRelay();
    const expired = await signToken(keys, ROBOT, { nowMs: Date.now() - 7200_000, expiresInS: 60 });
    expect(await refusal(connect(relay, { tokens: [expired] }))).toBe(
      SessionErrorCode.EXPIRED_AUTH_TOKEN,
    );
    const tampered = tamper(await signToken(keys, ROBOT));
    expect(await refusal(connect(relay, { tokens: [tampered] }))).toBe(
      SessionErrorCode.UNAUTHORIZED,
    );
    expect(await refusal(connect(relay, { tokens: ["not-a-jwt"] }))).toBe(
      SessionErrorCode.MALFORMED_AUTH_TOKEN,
    );
    expect(await refusal(connect(relay, { draft: 14 }))).toBe(SessionErrorCode.UNAUTHORIZED);
    const other = await testKeys();
    const foreign = await signToken(other, ROBOT);
    expect(await refusal(connect(relay, { tokens: [foreign] }))).toBe(
      SessionErrorCode.UNAUTHORIZED,
    );
    const badClaim = await signToken(keys, { pub: "robot/1" as unknown as string[] });
    expect(await refusal(connect(relay, { tokens: [badClaim] }))).toBe(
      SessionErrorCode.MALFORMED_AUTH_TOKEN,
    );
    expect(relay.stats().sessions).toBe(0);
    relay.close();
  });

  it("refuses DELETE / USE_ALIAS tokens in CLIENT_SETUP with PROTOCOL_VIOLATION", async () => {
    const relay = jwtRelay();
    const [ct, st] = createTransportPair({ protocol: "moqt-16" });
    void relay.accept(st);
    const code = await refusal(
      MoqtSession.connect(ct, {
        setupParameters: { authorizationTokens: [{ aliasType: "useAlias", alias: 1 }] },
      }),
    );
    expect(code).toBe(SessionErrorCode.PROTOCOL_VIOLATION);
  });

  it("honours a request's own token (USE_VALUE) and ends the session on REGISTER", async () => {
    const relay = jwtRelay();
    const robot = await connect(relay, { tokens: [await signToken(keys, ROBOT)] });
    const extra = await signToken(keys, { pub: ["robot/2"] });
    await robot.session.publishNamespace({
      trackNamespace: ns("robot/2"),
      parameters: {
        authorizationTokens: [{ aliasType: "useValue", tokenType: 0, value: ENC.encode(extra) }],
      },
    });
    const closed = robot.session.closed;
    robot.session
      .publishNamespace({
        trackNamespace: ns("robot/1/x"),
        parameters: {
          authorizationTokens: [
            { aliasType: "register", alias: 1, tokenType: 0, value: ENC.encode(extra) },
          ],
        },
      })
      .catch(() => undefined);
    expect((await closed).code).toBe(SessionErrorCode.AUTH_TOKEN_CACHE_OVERFLOW);
    relay.close();
  });

  it("verifies RS256 tokens when configured", async () => {
    const rsa = await testKeys("RS256");
    const relay = new Relay({ auth: { mode: "jwt", key: rsa.publicKey, algorithms: ["RS256"] } });
    const robot = await connect(relay, { tokens: [await signToken(rsa, ROBOT)] });
    await robot.session.publishNamespace({ trackNamespace: ns("robot/1") });
    expect(await refusal(connect(relay, { tokens: [await signToken(keys, ROBOT)] }))).toBe(
      SessionErrorCode.UNAUTHORIZED,
    );
    relay.close();
  });
});

describe("token expiry during a session", () => {
  it("closes the session with EXPIRED_AUTH_TOKEN at the token's exp; the subscription stops", async () => {
    const keys = await testKeys();
    const clock = new ManualClock(Date.now());
    const relay = new Relay({ auth: { mode: "jwt", key: keys.publicKey }, clock });
    const all = { pub: [""], sub: [""] };
    const pub = await connect(relay, { tokens: [await signToken(keys, all)] });
    const track = await TrackPublisher.publish(pub.session, "live", "cam");
    const c = new Collector();
    const viewer = await connect(relay, {
      on: c.listeners(),
      tokens: [await signToken(keys, all, { nowMs: clock.nowMs(), expiresInS: 60 })],
    });
    await viewer.session.subscribe({ trackNamespace: ns("live"), trackName: tn("cam") });
    await track.group(0, 1);
    await until(() => c.seen.length === 1, "an object before exp");
    clock.advance(59_000);
    expect(viewer.session.isClosed).toBe(false);
    clock.advance(1_000);
    const closed = await viewer.session.closed;
    expect(closed.code).toBe(SessionErrorCode.EXPIRED_AUTH_TOKEN);
    // Nothing more reaches the viewer; the publisher (token without a near exp) goes on.
    await track.group(1, 1);
    expect(pub.session.isClosed).toBe(false);
    relay.close();
  });
});
