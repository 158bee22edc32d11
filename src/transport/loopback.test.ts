import { describe, expect, it } from "vitest";
import { isLoopbackHost } from "./loopback.ts";

describe("isLoopbackHost", () => {
  it.each([
    "localhost",
    "LOCALHOST",
    "localhost.",
    "app.localhost",
    "127.0.0.1",
    "127.1.2.3",
    "127.255.255.254",
    "[::1]",
    "::1",
    "[0:0:0:0:0:0:0:1]",
    "[::ffff:7f00:1]",
    "::ffff:127.0.0.1",
  ])("%s is loopback", (h) => expect(isLoopbackHost(h)).toBe(true));

  it.each([
    "example.com",
    "localhost.example",
    "128.0.0.1",
    "10.0.0.1",
    "0.0.0.0",
    "[::2]",
    "[::]",
    "::ffff:10.0.0.1",
    "",
    "a b",
  ])("%s is not", (h) => expect(isLoopbackHost(h)).toBe(false));

  it("agrees with URL.hostname", () => {
    expect(isLoopbackHost(new URL("https://[::1]:4443/").hostname)).toBe(true);
    expect(isLoopbackHost(new URL("https://127.1:4443/").hostname)).toBe(true);
  });
});
