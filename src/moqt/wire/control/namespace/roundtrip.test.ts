import { describe } from "vitest";
import { itRoundTrips } from "../../testing/control-vectors.ts";
import { arbitraries } from "./arbitrary.ts";

describe("namespace messages: decode(encode(m)) equals m", () => {
  itRoundTrips(arbitraries, 500);
});
