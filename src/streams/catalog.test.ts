import { describe, expect, it } from "vitest";
import {
  type Catalog,
  CatalogError,
  diffCatalog,
  encodeCatalog,
  fromBase64,
  parseCatalog,
  toBase64,
  videoRenditions,
} from "./catalog.ts";

const catalog: Catalog = {
  version: 1,
  live: true,
  tracks: [
    {
      name: "video/360p",
      kind: "video",
      codec: "avc1.42E01E",
      width: 640,
      height: 360,
      bitrate: 800_000,
    },
    {
      name: "video/720p",
      kind: "video",
      codec: "avc1.42E01F",
      width: 1280,
      height: 720,
      bitrate: 2_500_000,
    },
    { name: "audio", kind: "audio", codec: "opus", sampleRate: 48_000, channels: 2 },
  ],
};

describe("catalog", () => {
  it("round-trips the seed's shape through JSON bytes", () => {
    expect(parseCatalog(encodeCatalog(catalog))).toEqual(catalog);
  });

  it("says what is wrong with a malformed catalog", () => {
    expect(() => parseCatalog("{")).toThrow(/not JSON/);
    expect(() => parseCatalog('{"version":2,"live":true,"tracks":[]}')).toThrow(/version 2/);
    expect(() =>
      parseCatalog('{"version":1,"live":true,"tracks":[{"name":"a","kind":"text","codec":"x"}]}'),
    ).toThrow(/tracks\[0\]\.kind/);
    expect(() =>
      parseCatalog(
        '{"version":1,"live":true,"tracks":[{"name":"a","kind":"video","codec":"x","width":-1}]}',
      ),
    ).toThrow(/tracks\[0\]\.width must be a positive integer/);
    expect(() =>
      parseCatalog(
        '{"version":1,"live":true,"tracks":[{"name":"a","kind":"video","codec":"x","packaging":"ts"}]}',
      ),
    ).toThrow(/tracks\[0\]\.packaging/);
    const dup = { ...catalog, tracks: [catalog.tracks[0], catalog.tracks[0]] };
    expect(() => encodeCatalog(dup as Catalog)).toThrow(CatalogError);
  });

  it("diffs by track name", () => {
    const next: Catalog = {
      ...catalog,
      tracks: [
        { ...catalog.tracks[1]!, codec: "avc1.42E028" },
        catalog.tracks[2]!,
        { name: "video/1080p", kind: "video", codec: "avc1.640028" },
      ],
    };
    const d = diffCatalog(catalog, next);
    expect(d.added.map((t) => t.name)).toEqual(["video/1080p"]);
    expect(d.removed.map((t) => t.name)).toEqual(["video/360p"]);
    expect(d.changed.map((t) => [t.name, t.codec])).toEqual([["video/720p", "avc1.42E028"]]);
    expect(diffCatalog(undefined, catalog).added).toHaveLength(3);
    expect(diffCatalog(catalog, catalog)).toEqual({ added: [], removed: [], changed: [] });
  });

  it("orders video renditions highest first", () => {
    expect(videoRenditions(catalog).map((t) => t.name)).toEqual(["video/720p", "video/360p"]);
  });

  it("carries init segments as base64", () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => i * 7);
    expect(Buffer.from(fromBase64(toBase64(bytes))).equals(Buffer.from(bytes))).toBe(true);
    expect(() => fromBase64("!!")).toThrow(CatalogError);
  });
});
