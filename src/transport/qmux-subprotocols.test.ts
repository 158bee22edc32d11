import Session, { selectSubprotocol } from "@moq/qmux";
import { afterEach, describe, expect, it } from "vitest";
import {
  applicationProtocolOf,
  BARE_SUBPROTOCOLS,
  parseSubprotocolHeader,
  qmuxSubprotocols,
  qmuxVersionOf,
} from "./qmux-subprotocols.ts";
import { ensurePromiseWithResolvers } from "./with-resolvers.ts";

afterEach(() => {
  delete (globalThis as { WebSocket?: unknown }).WebSocket;
});

describe("qmuxSubprotocols", () => {
  it("lists every QMux draft of each protocol in order, then the bare tokens", () => {
    expect(qmuxSubprotocols(["moqt-16", "moq-00"])).toEqual([
      "qmux-02.moqt-16",
      "qmux-01.moqt-16",
      "qmux-00.moqt-16",
      "qmux-02.moq-00",
      "qmux-01.moq-00",
      "qmux-00.moq-00",
      "qmux-02",
      "qmux-01",
      "qmux-00",
      "webtransport",
    ]);
  });

  it("narrows drafts and drops bare tokens on request", () => {
    expect(qmuxSubprotocols(["moqt-16"], { versions: ["qmux-02"], requireProtocol: true })).toEqual(
      ["qmux-02.moqt-16"],
    );
    expect(qmuxSubprotocols([])).toEqual([...BARE_SUBPROTOCOLS]);
  });

  it("is the list @moq/qmux itself sends when it dials", async () => {
    ensurePromiseWithResolvers();
    const offered: unknown[] = [];
    (globalThis as { WebSocket?: unknown }).WebSocket = class {
      binaryType = "";
      readyState = 0;
      bufferedAmount = 0;
      protocol = "";
      extensions = "";
      onclose: ((e: object) => void) | null = null;
      constructor(_url: string, protocols: unknown) {
        offered.push(protocols);
      }
      send(): void {}
      close(): void {
        this.readyState = 3;
        this.onclose?.({ code: 1006 });
      }
    };
    const s = new Session("http://127.0.0.1:1/moq", {
      protocols: ["moqt-16", "moq-00"],
      versions: { "moqt-16": null, "moq-00": null },
    });
    s.close();
    expect(offered[0]).toEqual(qmuxSubprotocols(["moqt-16", "moq-00"]));
  });
});

describe("parseSubprotocolHeader", () => {
  it("splits on commas with or without spaces (browsers vs Node's ws)", () => {
    expect(parseSubprotocolHeader("a,b")).toEqual(["a", "b"]);
    expect(parseSubprotocolHeader("a, b ,, c")).toEqual(["a", "b", "c"]);
    expect(parseSubprotocolHeader(null)).toEqual([]);
    expect(parseSubprotocolHeader("")).toEqual([]);
  });

  it("feeds @moq/qmux's selectSubprotocol, which prefers the server's order", () => {
    const offered = parseSubprotocolHeader("qmux-00.moq-00,qmux-01.moqt-16,qmux-02");
    expect(
      selectSubprotocol(offered, {
        protocols: ["moqt-16", "moq-00"],
        versions: { "moqt-16": null, "moq-00": null },
      }),
    ).toBe("qmux-01.moqt-16");
  });
});

describe("negotiated tokens", () => {
  it("names the QMux draft and the application protocol", () => {
    expect(qmuxVersionOf("qmux-02.moqt-16")).toBe("qmux-02");
    expect(applicationProtocolOf("qmux-02.moqt-16")).toBe("moqt-16");
    expect(qmuxVersionOf("qmux-01")).toBe("qmux-01");
    expect(applicationProtocolOf("qmux-01")).toBe("");
    expect(qmuxVersionOf("webtransport")).toBeUndefined();
    expect(applicationProtocolOf("webtransport")).toBe("");
  });
});
