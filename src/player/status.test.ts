import { describe, expect, it } from "vitest";
import { BroadcastViewerError } from "../streams/index.ts";
import { errorText, isAtLiveEdge, latencyText, renditionLabel } from "./status.ts";

describe("player status", () => {
  it("is at the live edge while playing within target + 1 s", () => {
    expect(isAtLiveEdge({ paused: false, latencyMs: 1900, targetLatencyMs: 1000 })).toBe(true);
    expect(isAtLiveEdge({ paused: false, latencyMs: 2100, targetLatencyMs: 1000 })).toBe(false);
    expect(isAtLiveEdge({ paused: true, latencyMs: 500, targetLatencyMs: 1000 })).toBe(false);
  });

  it("formats latency in seconds, never negative", () => {
    expect(latencyText(1234)).toBe("1.2 s");
    expect(latencyText(-40)).toBe("0.0 s");
  });

  it("labels renditions by their last path segment", () => {
    expect(renditionLabel("video/720p")).toBe("720p");
    expect(renditionLabel("hd")).toBe("hd");
  });

  it("explains auth_failed and keeps the code and message as detail", () => {
    const t = errorText(new BroadcastViewerError("auth_failed", "relay said 0x2"));
    expect(t.title).toMatch(/refused the playback token/);
    expect(t.detail).toBe("auth_failed: relay said 0x2");
    expect(errorText({ code: "something_new", message: "x" }).title).toBe("Playback failed.");
  });
});
