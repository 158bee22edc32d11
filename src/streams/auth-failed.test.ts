import { describe, expect, it } from "vitest";
import { SessionErrorCode } from "../moqt/wire/error-codes.ts";
import { authFailedError, StreamsErrorCode } from "./index.ts";

describe("authFailedError", () => {
  it("maps the resolver's auth closes to StreamsError auth_failed", () => {
    for (const code of [
      SessionErrorCode.UNAUTHORIZED,
      SessionErrorCode.MALFORMED_AUTH_TOKEN,
      SessionErrorCode.EXPIRED_AUTH_TOKEN,
    ]) {
      const e = authFailedError({ code, reason: "auth_failed: playback token expired" });
      expect(e?.code).toBe(StreamsErrorCode.AUTH_FAILED);
      expect(e?.fatal).toBe(true);
      expect(e?.message).toBe("auth_failed: playback token expired");
    }
    expect(authFailedError({ code: SessionErrorCode.EXPIRED_AUTH_TOKEN, reason: "" })?.reason).toBe(
      "expired",
    );
  });

  it("leaves other closes alone", () => {
    expect(authFailedError({ code: SessionErrorCode.NO_ERROR, reason: "" })).toBeUndefined();
    expect(
      authFailedError({ code: SessionErrorCode.PROTOCOL_VIOLATION, reason: "x" }),
    ).toBeUndefined();
  });
});
