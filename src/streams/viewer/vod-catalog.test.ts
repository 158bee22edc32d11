import { describe, expect, it } from "vitest";
import { CatalogError } from "../catalog.ts";
import { parseVodCatalog, segmentAt } from "./vod-catalog.ts";

const segs = [0, 2, 4, 6].map((s) => ({
  url: `v/${s / 2}.m4s`,
  startUs: s * 1e6,
  durationUs: 2e6,
  bytes: 10,
}));

describe("segmentAt", () => {
  it("finds the fragment holding a time, the first after a gap, the last past the end", () => {
    expect(segmentAt(segs, 0)).toBe(0);
    expect(segmentAt(segs, 1_999_999)).toBe(0);
    expect(segmentAt(segs, 2_000_000)).toBe(1);
    expect(segmentAt(segs, 7_500_000)).toBe(3);
    expect(segmentAt(segs, 60e6)).toBe(3);
    expect(segmentAt([segs[0]!, segs[2]!], 3e6)).toBe(1);
  });
});

describe("parseVodCatalog", () => {
  const track = {
    name: "video/240p",
    kind: "video",
    codec: "avc1.64000d",
    initData: "AAAA",
    initSegment: "video/240p/init.mp4",
    segments: segs,
  };
  it("keeps the duration and the fragment lists", () => {
    const c = parseVodCatalog({ version: 1, live: false, durationUs: 8e6, tracks: [track] });
    expect(c.durationUs).toBe(8e6);
    expect(c.tracks[0]!.segments).toHaveLength(4);
  });
  it("refuses live catalogs, missing durations and tracks without fragments", () => {
    const bad = [
      { version: 1, live: true, durationUs: 1, tracks: [track] },
      { version: 1, live: false, tracks: [track] },
      { version: 1, live: false, durationUs: 1, tracks: [{ ...track, segments: [] }] },
      { version: 1, live: false, durationUs: 1, tracks: [{ ...track, segments: [{ url: 1 }] }] },
    ];
    for (const c of bad) expect(() => parseVodCatalog(c)).toThrow(CatalogError);
  });
});
