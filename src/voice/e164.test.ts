import { describe, expect, it } from "vitest";
import { checkE164 } from "./e164.ts";
import { VoiceErrorCode } from "./errors.ts";

describe("E.164", () => {
  it("accepts + and 2–15 digits without a leading 0", () => {
    expect(checkE164("+15550100001", "to")).toBe("+15550100001");
    for (const bad of [
      "15550100001",
      "+0555",
      "+1",
      "+1234567890123456",
      "+1 555 0100",
      15550100001,
    ]) {
      expect(() => checkE164(bad, "to")).toThrow(
        expect.objectContaining({ code: VoiceErrorCode.INVALID_NUMBER }),
      );
    }
  });
});
