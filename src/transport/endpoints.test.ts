import { describe, expect, it } from "vitest";
import { ConnectError } from "./connect-errors.ts";
import { resolveEndpoints } from "./endpoints.ts";

const hrefs = (url: string, o = {}) => {
  const e = resolveEndpoints(url, o);
  return {
    webTransport: e.webTransport?.href,
    webSocket: e.webSocket.href,
    certificateHash: e.certificateHash?.href,
    loopback: e.loopback,
  };
};

describe("resolveEndpoints", () => {
  it("https on a public host: WebTransport and wss on the same port, no hash", () => {
    expect(hrefs("https://relay.example:4443/moq?jwt=x")).toEqual({
      webTransport: "https://relay.example:4443/moq?jwt=x",
      webSocket: "wss://relay.example:4443/moq?jwt=x",
      certificateHash: undefined,
      loopback: false,
    });
  });

  it("https on loopback: plain ws and the hash over http, same port", () => {
    expect(hrefs("https://127.0.0.1:4443/moq")).toEqual({
      webTransport: "https://127.0.0.1:4443/moq",
      webSocket: "ws://127.0.0.1:4443/moq",
      certificateHash: "http://127.0.0.1:4443/certificate.sha256",
      loopback: true,
    });
    expect(hrefs("https://[::1]:4443/moq").certificateHash).toBe(
      "http://[::1]:4443/certificate.sha256",
    );
  });

  it("keeps the effective port when the scheme changes", () => {
    expect(hrefs("https://localhost/moq")).toMatchObject({
      webSocket: "ws://localhost:443/moq",
      certificateHash: "http://localhost:443/certificate.sha256",
    });
    expect(hrefs("http://dev.lan/moq")).toMatchObject({
      webTransport: "https://dev.lan:80/moq",
      webSocket: "ws://dev.lan/moq",
    });
  });

  it("http marks a dev server anywhere: WebTransport over https, ws, hash fetched", () => {
    expect(hrefs("http://192.168.1.5:4443/moq")).toEqual({
      webTransport: "https://192.168.1.5:4443/moq",
      webSocket: "ws://192.168.1.5:4443/moq",
      certificateHash: "http://192.168.1.5:4443/certificate.sha256",
      loopback: false,
    });
  });

  it("given hashes or fetchCertificateHash false skip the fetch", () => {
    expect(hrefs("https://127.0.0.1:4443/moq", { serverCertificateHashes: ["ab"] })).toMatchObject({
      certificateHash: undefined,
    });
    expect(hrefs("http://127.0.0.1:4443/moq", { fetchCertificateHash: false })).toMatchObject({
      certificateHash: undefined,
    });
  });

  it("ws and wss URLs are WebSocket only; webSocketUrl overrides", () => {
    expect(hrefs("wss://relay.example/moq")).toMatchObject({
      webTransport: undefined,
      webSocket: "wss://relay.example/moq",
    });
    expect(
      hrefs("https://relay.example/moq", { webSocketUrl: "wss://ws.relay.example/moq" }),
    ).toMatchObject({ webSocket: "wss://ws.relay.example/moq" });
  });

  it("refuses malformed URLs and other schemes as INVALID_URL", () => {
    const thrown = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    for (const bad of ["relay.example/moq", "ftp://h/", "https://"]) {
      const e = thrown(() => resolveEndpoints(bad));
      expect(e).toBeInstanceOf(ConnectError);
      expect(e).toMatchObject({ failure: "invalid_url", retryable: false });
    }
    expect(
      thrown(() => resolveEndpoints("https://h/", { webSocketUrl: "https://h/" })),
    ).toMatchObject({ failure: "invalid_url" });
  });
});
