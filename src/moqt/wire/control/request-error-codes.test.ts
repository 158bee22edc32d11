import { describe, expect, it } from "vitest";
import { FetchErrorCode16 } from "./fetch/codes.ts";
import { PublishNamespaceErrorCode16, SubscribeNamespaceErrorCode16 } from "./namespace/codes.ts";
import { PublishErrorCode16 } from "./publish/codes.ts";
import { RequestErrorCode16, requestErrorCodes } from "./request-error-codes.ts";
import { SubscribeErrorCode14 } from "./subscribe/codes.ts";
import { TrackStatusErrorCode14, TrackStatusErrorCode16 } from "./track-status/codes.ts";

describe("request error code tables", () => {
  it("draft-16 per-request tables are parts of the one REQUEST_ERROR table", () => {
    for (const table of [
      FetchErrorCode16,
      PublishErrorCode16,
      TrackStatusErrorCode16,
      PublishNamespaceErrorCode16,
      SubscribeNamespaceErrorCode16,
    ]) {
      expect(RequestErrorCode16).toMatchObject(table);
    }
    // §"REQUEST_ERROR": the codes any request may get, then the type's own.
    expect(requestErrorCodes("PREFIX_OVERLAP")).toStrictEqual({
      INTERNAL_ERROR: 0x0,
      UNAUTHORIZED: 0x1,
      TIMEOUT: 0x2,
      NOT_SUPPORTED: 0x3,
      MALFORMED_AUTH_TOKEN: 0x4,
      EXPIRED_AUTH_TOKEN: 0x5,
      PREFIX_OVERLAP: 0x30,
    });
  });

  it("draft-14 TRACK_STATUS_ERROR uses the SUBSCRIBE_ERROR codes", () => {
    expect(TrackStatusErrorCode14).toBe(SubscribeErrorCode14);
  });
});
