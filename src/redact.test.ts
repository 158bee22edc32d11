import { describe, expect, it } from "vitest";
import { ClutchCallError } from "./errors.ts";
import { redactSecrets } from "./redact.ts";

describe("redactSecrets", () => {
  it("hides token query parameters and bearer values, keeps the rest", () => {
    expect(redactSecrets("wss://r.example/moq?room=1&jwt=aaa.bbb.ccc&x=2")).toBe(
      "wss://r.example/moq?room=1&jwt=[redacted]&x=2",
    );
    expect(redactSecrets("https://h/p?tok=abc refused; http://h/p?sk=s3cr3t#f")).toBe(
      "https://h/p?tok=[redacted] refused; http://h/p?sk=[redacted]#f",
    );
    expect(redactSecrets("Authorization: Bearer abc.def")).toBe("Authorization: Bearer [redacted]");
    expect(redactSecrets("no secrets here?page=2")).toBe("no secrets here?page=2");
  });

  it("applies to every SDK error message", () => {
    expect(new ClutchCallError("X", "dial https://h/moq?jwt=abc failed").message).toBe(
      "dial https://h/moq?jwt=[redacted] failed",
    );
  });
});
