import { describe } from "vitest";
import { itRoundTrips } from "../../testing/control-vectors.ts";
import { arbitraries } from "./arbitrary.ts";

describe("SUBSCRIBE family round trip", () => {
  itRoundTrips(arbitraries, 500);
});
