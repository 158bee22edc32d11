import { afterEach, describe, expect, it } from "vitest";
import { TransportError } from "./errors.ts";
import { connectWebTransport, type NativeWebTransport, parseHexDigest } from "./webtransport.ts";

interface Made {
  url: string;
  options: Record<string, unknown> | undefined;
}

function installFake(outcome: "ready" | "refused", made: Made[]): void {
  class FakeWebTransport implements Partial<NativeWebTransport> {
    readonly ready: Promise<void>;
    readonly closed: Promise<{ closeCode?: number; reason?: string }>;
    readonly protocol = "moqt-16";
    private end!: (i: { closeCode?: number; reason?: string }) => void;

    constructor(url: string, options?: Record<string, unknown>) {
      made.push({ url, options });
      this.ready = outcome === "ready" ? Promise.resolve() : Promise.reject(new Error("refused"));
      this.closed = new Promise((resolve) => {
        this.end = resolve;
      });
    }

    close(info?: { closeCode?: number; reason?: string }): void {
      this.end(info ?? {});
    }
  }
  (globalThis as { WebTransport?: unknown }).WebTransport = FakeWebTransport;
}

afterEach(() => {
  delete (globalThis as { WebTransport?: unknown }).WebTransport;
});

describe("connectWebTransport", () => {
  it("passes protocols and certificate hashes, and reports the negotiated protocol", async () => {
    const made: Made[] = [];
    installFake("ready", made);
    const t = await connectWebTransport("https://127.0.0.1:4433/moq", {
      protocols: ["moqt-16", "moq-00"],
      serverCertificateHashes: ["0a:0b", new Uint8Array([1, 2])],
    });
    expect(made[0]?.url).toBe("https://127.0.0.1:4433/moq");
    expect(made[0]?.options).toEqual({
      protocols: ["moqt-16", "moq-00"],
      serverCertificateHashes: [
        { algorithm: "sha-256", value: new Uint8Array([10, 11]) },
        { algorithm: "sha-256", value: new Uint8Array([1, 2]) },
      ],
    });
    expect(t.protocol).toBe("moqt-16");
    t.close({ closeCode: 3, reason: "x" });
    expect(await t.closed).toEqual({ closeCode: 3, reason: "x" });
  });

  it("rejects with CONNECT_FAILED when the handshake fails", async () => {
    installFake("refused", []);
    await expect(connectWebTransport("https://x.example/")).rejects.toMatchObject({
      code: "TRANSPORT_CONNECT_FAILED",
    });
  });

  it("rejects with UNSUPPORTED where there is no WebTransport", async () => {
    const e = await connectWebTransport("https://x.example/").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransportError);
    expect(e).toMatchObject({ code: "TRANSPORT_UNSUPPORTED" });
  });

  it("parses hex digests", () => {
    expect(Array.from(parseHexDigest("AB cd:01"))).toEqual([0xab, 0xcd, 0x01]);
    expect(() => parseHexDigest("abc")).toThrow(TransportError);
  });
});
