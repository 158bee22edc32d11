import { afterEach, describe, expect, it } from "vitest";
import { connectWebTransport } from "./webtransport.ts";

afterEach(() => {
  delete (globalThis as { WebTransport?: unknown }).WebTransport;
});

describe("connectWebTransport with a signal", () => {
  it("closes a session still connecting and rejects with CONNECT_FAILED", async () => {
    const closedBy: unknown[] = [];
    (globalThis as { WebTransport?: unknown }).WebTransport = class {
      readonly ready = new Promise<void>(() => undefined);
      readonly closed = new Promise(() => undefined);
      close(info?: unknown): void {
        closedBy.push(info);
      }
    };
    const ctl = new AbortController();
    const p = connectWebTransport("https://127.0.0.1:4443/moq", { signal: ctl.signal });
    ctl.abort(new Error("enough"));
    await expect(p).rejects.toMatchObject({ code: "TRANSPORT_CONNECT_FAILED" });
    expect(closedBy).toHaveLength(1);
    await expect(
      connectWebTransport("https://127.0.0.1:4443/moq", { signal: ctl.signal }),
    ).rejects.toMatchObject({ message: "connect aborted" });
  });
});
