import { describe, expect, it } from "vitest";
import { Streams, StreamsError, StreamsErrorCode } from "./index.ts";

function invalid(options: unknown): StreamsError {
  try {
    new Streams(options as never);
  } catch (e) {
    expect(e).toBeInstanceOf(StreamsError);
    return e as StreamsError;
  }
  throw new Error("constructor accepted the options");
}

describe("new Streams(options)", () => {
  it("accepts every option shape of the seed recipes", () => {
    const control = new Streams({
      baseUrl: "https://app.clutchcall.dev",
      apiKey: "cck_secret",
      orgId: "org_abc",
    });
    expect(control.liveInputs).toBeDefined();
    expect(new Streams({ relayUrl: "https://relay.clutchcall.dev" }).relayUrl).toBe(
      "https://relay.clutchcall.dev",
    );
    expect(new Streams({ apiBase: "", relayUrl: "https://relay.clutchcall.dev" }).apiBase).toBe("");
    expect(new Streams({ apiBase: "", token: "eyJ.x.y" }).token).toBe("eyJ.x.y");
    expect(new Streams({ apiBase: "" }).relayUrl).toBeUndefined();
  });

  it("refuses bad options with invalid_options naming the option", () => {
    const cases: [unknown, RegExp][] = [
      [null, /options must be an object/],
      [{ baseUrl: "not a url", apiKey: "k" }, /baseUrl must be a URL/],
      [{ baseUrl: "ftp://x", apiKey: "k" }, /baseUrl must use http/],
      [{ baseUrl: "https://x" }, /baseUrl needs an apiKey/],
      [{ apiKey: "k" }, /apiKey needs a baseUrl/],
      [{ baseUrl: "https://x", apiKey: "" }, /apiKey must not be empty/],
      [{ baseUrl: "https://x", apiKey: "a b" }, /apiKey must not contain spaces/],
      [{ baseUrl: "https://x", apiKey: "k", orgId: "abc" }, /orgId must look like "org_…"/],
      [{ relayUrl: 42 }, /relayUrl must be a string/],
      [{ relayUrl: "mailto:x" }, /relayUrl must use/],
      [{ token: "" }, /token must not be empty/],
      [{ apiBase: "nope nope" }, /apiBase must be a URL/],
      [{ baseUrl: "https://x", apiKey: "k", retry: { retries: -1 } }, /retry.retries/],
      [{ baseUrl: "https://x", apiKey: "k", fetch: "no" }, /fetch must be a function/],
    ];
    for (const [options, message] of cases) {
      const e = invalid(options);
      expect(e.code).toBe(StreamsErrorCode.INVALID_OPTIONS);
      expect(e.fatal).toBe(true);
      expect(e.message).toMatch(message);
    }
  });

  it("control-plane namespaces throw not_configured on a data-plane client", () => {
    const dataPlane = new Streams({ relayUrl: "https://relay.clutchcall.dev" });
    for (const get of [
      () => dataPlane.liveInputs,
      () => dataPlane.signingKeys,
      () => dataPlane.apiKeys,
      () => dataPlane.assets,
      () => dataPlane.analytics,
    ]) {
      expect(get).toThrowError(
        expect.objectContaining({ code: StreamsErrorCode.NOT_CONFIGURED }) as Error,
      );
    }
    expect(() => dataPlane.liveInputs).toThrow(/construct it with \{ baseUrl, apiKey, orgId \}/);
  });
});
