// Bad arguments throw a typed error at the call site naming the problem.
import { afterAll, describe, expect, it } from "vitest";
import { MoqtClient, MoqtClientError, MoqtClientErrorCode } from "./index.ts";
import { openRelay, relayDial } from "./testing/relay-dial.ts";

const C = MoqtClientErrorCode;

function thrown(fn: () => unknown): MoqtClientError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MoqtClientError);
    return e as MoqtClientError;
  }
  throw new Error("expected a throw");
}

describe("argument errors", () => {
  const relay = openRelay();
  const client = MoqtClient.connect("https://localhost/moq", {
    dial: relayDial(relay).dial,
    maxObjectBytes: 1000,
    maxDatagramPayloadBytes: 100,
  });
  afterAll(() => client.close());
  const frames = client.publishFrame("a/b", "f", { capability: "x" });

  it("empty namespace or name", () => {
    const e = thrown(() => client.publishFrame("", "odom", { capability: "x" }));
    expect(e.code).toBe(C.INVALID_ARGUMENT);
    expect(e.message).toMatch(/namespace must not be empty/);
    expect(thrown(() => client.publishFrame("///", "odom", { capability: "x" })).message).toMatch(
      /namespace/,
    );
    expect(thrown(() => client.subscribeText([], "t", () => {})).message).toMatch(/namespace/);
    expect(thrown(() => client.subscribeText("a", "", () => {})).message).toMatch(/track name/);
    expect(
      thrown(() => client.publishText("a/".repeat(40), "t", { capability: "x" })).message,
    ).toMatch(/at most 32/);
  });

  it("priority out of 0–255", () => {
    expect(thrown(() => frames.write(1, new Uint8Array(1), 256)).message).toMatch(
      /priority.*0\.\.255/,
    );
    expect(thrown(() => frames.write(1, new Uint8Array(1), -1)).code).toBe(C.INVALID_ARGUMENT);
    expect(thrown(() => frames.write(1, new Uint8Array(1), 1.5)).code).toBe(C.INVALID_ARGUMENT);
    expect(
      thrown(() => client.publishFrame("a/b", "g", { capability: "x", defaultPriority: 300 }))
        .message,
    ).toMatch(/defaultPriority/);
    expect(thrown(() => client.subscribeFrame("a/b", "g", () => {}, { priority: 999 })).code).toBe(
      C.INVALID_ARGUMENT,
    );
  });

  it("oversized objects", () => {
    const e = thrown(() => frames.write(1, new Uint8Array(1001)));
    expect(e.code).toBe(C.OBJECT_TOO_LARGE);
    expect(e.message).toMatch(/1001 bytes.*1000/);
    const dg = client.publishFrame("a/b", "dg", { capability: "x", datagram: true });
    expect(thrown(() => dg.write(1, new Uint8Array(101))).code).toBe(C.OBJECT_TOO_LARGE);
    const text = client.publishText("a/b", "t", { capability: "x" });
    expect(thrown(() => text.write("é".repeat(501))).code).toBe(C.OBJECT_TOO_LARGE);
  });

  it("write after close", async () => {
    const t = client.publishText("a/c", "t", { capability: "x" });
    await t.close();
    const e = thrown(() => t.write("late"));
    expect(e.code).toBe(C.CLOSED);
    expect(e.fatal).toBe(true);
    expect(e.message).toMatch(/a\/c\/t is closed/);
  });

  it("bad timestamps, payloads, options and callbacks", () => {
    expect(thrown(() => frames.write(-1, new Uint8Array(1))).message).toMatch(/tsUs/);
    expect(thrown(() => frames.write(Number.NaN, new Uint8Array(1))).message).toMatch(/tsUs/);
    expect(thrown(() => frames.write(1, [1, 2] as unknown as Uint8Array)).message).toMatch(
      /Uint8Array/,
    );
    expect(thrown(() => client.publishFrame("a/b", "h", { capability: "" })).message).toMatch(
      /capability/,
    );
    expect(
      thrown(() =>
        client.publishAudio("a/b", "mic", {
          capability: "asr",
          codec: "opus",
          sampleRate: 0,
          channels: 1,
          frameMs: 20,
        }),
      ).message,
    ).toMatch(/sampleRate/);
    expect(thrown(() => client.subscribeAudio("a/b", "mic", "nope" as never)).message).toMatch(
      /onFrame must be a function/,
    );
    const v = client.publishVideo("a/b", "v", { capability: "x", codec: "vp8" });
    expect(thrown(() => v.write(0, new Uint8Array(1), false)).code).toBe(C.KEYFRAME_REQUIRED);
    expect(thrown(() => MoqtClient.connect("https://x/moq", { connectTimeoutMs: -1 })).code).toBe(
      C.INVALID_ARGUMENT,
    );
    expect(
      thrown(() => MoqtClient.connect("https://x/moq", { transport: "quic" as never })).code,
    ).toBe(C.INVALID_ARGUMENT);
  });

  it("the same track twice in one client", () => {
    expect(thrown(() => client.publishFrame("a/b", "f", { capability: "x" })).code).toBe(
      C.DUPLICATE_TRACK,
    );
  });
});
