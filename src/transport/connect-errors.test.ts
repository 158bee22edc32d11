import { describe, expect, it } from "vitest";
import {
  ConnectError,
  ConnectFailure,
  classifyConnectFailure,
  describeError,
  toConnectError,
} from "./connect-errors.ts";
import { TransportError } from "./errors.ts";

describe("classifyConnectFailure", () => {
  it.each([
    // Deno's WebSocket client
    ["NetworkError: failed to connect to WebSocket: tcp connect error", "refused"],
    ["NetworkError: failed to connect to WebSocket: Invalid status code: 400", "rejected"],
    ["NetworkError: failed to connect to WebSocket: Invalid status code: 404", "rejected"],
    ["NetworkError: failed to connect to WebSocket: Invalid status code: 503", "refused"],
    ["NetworkError: failed to connect to WebSocket: Invalid status code: 429", "refused"],
    ["NetworkError: failed to connect to WebSocket: dns error", "unreachable"],
    [
      "NetworkError: failed to connect to WebSocket: received corrupt message of type InvalidContentType",
      "tls",
    ],
    // Node
    ["connect ECONNREFUSED 127.0.0.1:4443", "refused"],
    ["getaddrinfo ENOTFOUND relay.example", "unreachable"],
    ["self-signed certificate", "tls"],
    ["connect ETIMEDOUT 10.0.0.1:443", "timeout"],
    // Browsers say nothing useful
    ["WebSocket connection error", "network"],
    ["Opening handshake failed.", "network"],
    ["Failed to construct 'WebSocket': The URL 'x' is invalid.", "invalid_url"],
  ])("%s → %s", (message, failure) => {
    expect(classifyConnectFailure(message)).toBe(failure);
  });
});

describe("ConnectError", () => {
  it("is a TransportError with a failure and a retry hint", () => {
    const e = new ConnectError(ConnectFailure.REFUSED, "down", { transport: "websocket" });
    expect(e).toBeInstanceOf(TransportError);
    expect(e).toMatchObject({
      code: "TRANSPORT_CONNECT_FAILED",
      failure: "refused",
      retryable: true,
      transport: "websocket",
      name: "ConnectError",
    });
    expect(new ConnectError(ConnectFailure.TLS, "x").retryable).toBe(false);
    expect(new ConnectError(ConnectFailure.UNSUPPORTED, "x").code).toBe("TRANSPORT_UNSUPPORTED");
  });

  it("translates runtime errors, reading the cause chain and SyntaxErrors", () => {
    const nested = new Error("fetch failed", { cause: new Error("connect ECONNREFUSED") });
    expect(describeError(nested)).toBe("fetch failed: connect ECONNREFUSED");
    expect(toConnectError(nested, "webtransport")).toMatchObject({ failure: "refused" });
    const syntax = new Error("bad");
    syntax.name = "SyntaxError";
    expect(toConnectError(syntax, "websocket").failure).toBe("invalid_url");
    expect(
      toConnectError(new Error("WebSocket connection error"), "websocket", "tcp connect error"),
    ).toMatchObject({
      failure: "refused",
      message: "WebSocket connection error; tcp connect error",
    });
    const tagged = new ConnectError(ConnectFailure.TLS, "x", { transport: "webtransport" });
    expect(toConnectError(tagged, "websocket")).toBe(tagged);
    const untagged = toConnectError(new ConnectError(ConnectFailure.TLS, "x"), "websocket");
    expect(untagged).toMatchObject({ failure: "tls", transport: "websocket", message: "x" });
  });
});
