import { describe, expect, it } from "vitest";
import { SessionErrorCode } from "../wire/error-codes.ts";
import { GroupOrder } from "../wire/fields.ts";
import { Version } from "../wire/version.ts";
import { negotiationFor, protocolsFor, selectProtocol, selectVersion } from "./negotiation.ts";
import { sendOrderFor } from "./priority.ts";
import { RequestErrorName, requestErrorCode, requestErrorName } from "./request-error-codes.ts";
import { IncomingRequestIds, limitForCount, OutgoingRequestIds } from "./request-ids.ts";

describe("version negotiation", () => {
  it("offers protocols best first and picks the highest common one", () => {
    expect(protocolsFor()).toEqual(["moqt-16", "moq-00"]);
    expect(selectProtocol(["moq-00", "moqt-16"])).toBe("moqt-16");
    expect(selectProtocol(["moq-00"])).toBe("moq-00");
    expect(selectProtocol(["moqt-16"], [Version.DRAFT_14])).toBeUndefined();
  });

  it("maps the transport protocol to a negotiation", () => {
    expect(negotiationFor("moqt-16", [Version.DRAFT_14, Version.DRAFT_16])).toEqual({
      by: "protocol",
      version: Version.DRAFT_16,
    });
    expect(negotiationFor("", [Version.DRAFT_14, Version.DRAFT_16])).toEqual({
      by: "setup",
      framing: Version.DRAFT_14,
      candidates: [Version.DRAFT_14],
    });
    for (const [protocol, versions] of [
      ["moqt-16", [Version.DRAFT_14]],
      ["moq-00", [Version.DRAFT_16]],
      ["h3", [Version.DRAFT_14, Version.DRAFT_16]],
    ] as const) {
      expect(() => negotiationFor(protocol, versions)).toThrow(
        expect.objectContaining({ termination: SessionErrorCode.VERSION_NEGOTIATION_FAILED }),
      );
    }
  });

  it("selects the highest offered version the server has", () => {
    expect(selectVersion([1, Version.DRAFT_14], [Version.DRAFT_14])).toBe(Version.DRAFT_14);
    expect(selectVersion([0xff00000d], [Version.DRAFT_14])).toBeUndefined();
  });
});

describe("Request IDs", () => {
  it("sizes MAX_REQUEST_ID by role", () => {
    expect(limitForCount("client", 2)).toBe(3); // IDs 0, 2
    expect(limitForCount("server", 2)).toBe(4); // IDs 1, 3
    expect(limitForCount("server", 0)).toBe(0);
  });

  it("issues IDs of the right parity up to the peer's limit", () => {
    const ids = new OutgoingRequestIds("server", 4);
    expect([ids.take(), ids.take()]).toEqual([1, 3]);
    expect(ids.available).toBe(false);
    expect(ids.blockedReport()).toBe(4);
    expect(ids.blockedReport()).toBeUndefined();
    expect(ids.raise(4)).toBe(false);
    expect(ids.raise(6)).toBe(true);
    expect(ids.take()).toBe(5);
    ids.untake(5);
    expect(ids.take()).toBe(5);
    expect(ids.issued(3)).toBe(true);
    expect(ids.issued(7)).toBe(false);
  });

  it("counts and grants the peer's IDs", () => {
    const ids = new IncomingRequestIds("client", limitForCount("client", 3), false);
    expect(ids.remaining).toBe(3);
    ids.accept(2);
    ids.accept(0);
    expect(ids.used(2)).toBe(true);
    expect(ids.used(4)).toBe(false);
    expect(ids.remaining).toBe(1);
    expect(ids.grant(2)).toBe(limitForCount("client", 5));
    expect(ids.remaining).toBe(3);
  });
});

describe("request error names", () => {
  it("translate between the drafts' registries", () => {
    expect(requestErrorCode(RequestErrorName.DOES_NOT_EXIST, "subscribe", 14)).toBe(0x4);
    expect(requestErrorCode(RequestErrorName.DOES_NOT_EXIST, "subscribeNamespace", 14)).toBe(0x4);
    expect(requestErrorCode(RequestErrorName.PREFIX_OVERLAP, "subscribeNamespace", 14)).toBe(0x5);
    expect(requestErrorCode(RequestErrorName.DOES_NOT_EXIST, "fetch", 16)).toBe(0x10);
    expect(requestErrorCode(RequestErrorName.UNINTERESTED, "subscribe", 14)).toBe(0);
    expect(requestErrorName(0x4, "fetch", 14)).toBe(RequestErrorName.DOES_NOT_EXIST);
    expect(requestErrorName(0x20, "publish", 16)).toBe(RequestErrorName.UNINTERESTED);
    expect(requestErrorName(0x99, "publish", 16)).toBeUndefined();
  });
});

describe("sendOrderFor", () => {
  const base = {
    subscriberPriority: 128,
    publisherPriority: 128,
    groupId: 5,
    groupOrder: GroupOrder.ASCENDING,
  };

  it("orders by subscriber priority, then publisher priority, then group order", () => {
    const order = sendOrderFor(base);
    expect(
      sendOrderFor({ ...base, subscriberPriority: 1, publisherPriority: 255 }),
    ).toBeGreaterThan(order);
    expect(sendOrderFor({ ...base, publisherPriority: 1 })).toBeGreaterThan(order);
    expect(sendOrderFor({ ...base, groupId: 4 })).toBeGreaterThan(order);
    const descending = { ...base, groupOrder: GroupOrder.DESCENDING };
    expect(sendOrderFor({ ...descending, groupId: 6 })).toBeGreaterThan(sendOrderFor(descending));
    expect(
      Number.isSafeInteger(sendOrderFor({ ...base, subscriberPriority: 0, publisherPriority: 0 })),
    ).toBe(true);
  });
});
