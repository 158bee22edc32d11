// What a careless caller or a hostile environment can hand the client: every
// option is checked at connect() with a typed error, a failing reconnect policy
// or token source ends in Failed with the cause (never an unhandled rejection or
// a client stuck in Connecting), tokens never appear in messages, and names that
// have no UTF-8 form are refused.
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { ConnectionState, MoqtClient, MoqtClientError, MoqtClientErrorCode } from "./index.ts";
import { MAX_TOKEN_BYTES } from "./options.ts";
import { openRelay, relayDial } from "./testing/relay-dial.ts";

const C = MoqtClientErrorCode;
const URL_ = "https://localhost/moq";

function thrown(fn: () => unknown): MoqtClientError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MoqtClientError);
    return e as MoqtClientError;
  }
  throw new Error("expected a throw");
}

/** Waits until `client` is Failed (bounded) and returns its error. */
async function failed(client: MoqtClient): Promise<MoqtClientError> {
  await expect(client.connected(AbortSignal.timeout(5_000))).rejects.toBeInstanceOf(
    MoqtClientError,
  );
  expect(client.state).toBe(ConnectionState.Failed);
  const error = client.error;
  if (error === undefined) throw new Error("no error");
  return error;
}

/** A loopback TCP port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("client robustness", () => {
  const relay = openRelay();
  const clients: MoqtClient[] = [];
  const connect = (o: Parameters<typeof MoqtClient.connect>[1]) => {
    const c = MoqtClient.connect(URL_, { dial: relayDial(relay).dial, ...o });
    clients.push(c);
    return c;
  };
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    relay.close();
  });

  it("every option is validated at connect() with a typed error", () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ versions: [0xdead] }, /versions: 57005 is not a supported version/],
      [{ versions: "16" }, /versions must be a non-empty array/],
      [{ onState: "x" }, /onState must be a function/],
      [{ token: 42 }, /token must be a string/],
      [{ token: "x".repeat(MAX_TOKEN_BYTES + 1) }, /token is \d+ bytes/],
      [{ reconnect: {} }, /reconnect must be an object with a nextDelayMs\(\) method/],
      [{ dial: "ws://x" }, /dial must be a function/],
      [{ signal: {} }, /signal must be an AbortSignal/],
      [{ clock: () => 0 }, /clock must be an object with a nowMs\(\) method/],
      [{ transport: "tcp" }, /transport must be/],
      [{ connectTimeoutMs: -1 }, /connectTimeoutMs/],
    ];
    for (const [options, message] of bad) {
      const e = thrown(() => MoqtClient.connect(URL_, options as never));
      expect(e.code).toBe(C.INVALID_ARGUMENT);
      expect(e.message).toMatch(message);
    }
    expect(thrown(() => MoqtClient.connect(URL_, null as never)).message).toMatch(/options/);
  });

  it("a throwing reconnect policy ends in Failed with the cause", async () => {
    const boom = new Error("policy broke");
    let down = true;
    const dial = relayDial(relay);
    const client = MoqtClient.connect(URL_, {
      dial: async (...a) => {
        if (down) throw new Error("relay unreachable");
        return dial.dial(...a);
      },
      reconnect: {
        nextDelayMs: () => {
          throw boom;
        },
      },
    });
    clients.push(client);
    const error = await failed(client);
    expect(error.code).toBe(C.INVALID_ARGUMENT);
    expect(error.message).toMatch(/reconnect policy failed: policy broke/);
    expect(error.cause).toBe(boom);
    down = false;
  });

  it("a reconnect policy returning a non-delay ends in Failed", async () => {
    const dial = relayDial(relay);
    dial.down = true;
    const client = connect({ dial: dial.dial, reconnect: { nextDelayMs: () => Number.NaN } });
    expect((await failed(client)).message).toMatch(/nextDelayMs returned NaN/);
  });

  it("a token function returning an unusable token ends in Failed, not endless retries", async () => {
    const long = connect({ token: () => "t".repeat(70_000) });
    const e = await failed(long);
    expect(e.code).toBe(C.INVALID_ARGUMENT);
    expect(e.message).toMatch(/token\(\) is 70000 bytes/);
    const notString = connect({ token: () => 42 as unknown as string });
    expect((await failed(notString)).message).toMatch(/token\(\) must be a string/);
  });

  it("tokens in the URL never reach an error message or a retry or state event", async () => {
    const port = await closedPort();
    const secret = "eyJhbGciOiJFZERTQSJ9.c2VjcmV0.c2ln";
    const url = `http://127.0.0.1:${port}/moq?jwt=${secret}&tok=${secret}&sk=${secret}`;
    const client = MoqtClient.connect(url, { transport: "websocket" });
    clients.push(client);
    // Where this runtime has no WebSocket the client fails at once; else it retries.
    const error = await new Promise<unknown>((r) => {
      client.on("retry", (info) => r(info.error));
      client.connected().catch(r);
    });
    await client.close();
    const messages: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
    expect(messages.join(" | ")).toMatch(/jwt=\[redacted\]/);
    expect(messages.join(" | ")).not.toContain(secret);
  });

  it("names that are not well-formed UTF-16 are refused (they would collide on the wire)", () => {
    const client = connect({});
    for (const bad of ["\ud800", "\udc00", "a\ud800b"]) {
      expect(thrown(() => client.subscribeText("chat", bad, () => {})).message).toMatch(
        /track name has a lone surrogate/,
      );
      expect(
        thrown(() => client.publishText(["chat", bad], "t", { capability: "x" })).message,
      ).toMatch(/namespace field has a lone surrogate/);
      expect(thrown(() => client.publishText("chat", "t", { capability: bad })).message).toMatch(
        /capability has a lone surrogate/,
      );
    }
    // A well-formed pair is fine.
    expect(() => client.subscribeText("chat", "\ud83d\ude00", () => {})).not.toThrow();
  });
});
