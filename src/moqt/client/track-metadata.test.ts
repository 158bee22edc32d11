import { describe, expect, it } from "vitest";
import { ExtensionHeaderType } from "../wire/data/extensions.ts";
import {
  frameMarkingPair,
  LocProperty,
  readKeyframe,
  readTimestampUs,
  timestampPair,
} from "./loc.ts";
import {
  mergeTrackInfo,
  TrackProperty,
  trackExtensions,
  trackProperties,
} from "./track-metadata.ts";

const ENC = new TextEncoder();

describe("track metadata mapping", () => {
  it("track properties round-trip and ascend by type (draft-16 delta encoding)", () => {
    const meta = {
      kind: "audio" as const,
      capability: ENC.encode("asr"),
      schemaTag: ENC.encode("pcm"),
      codec: ENC.encode("opus"),
      sampleRate: 48000,
      channels: 2,
      frameDurationUs: 20_000,
      config: { type: LocProperty.AUDIO_CONFIG, value: new Uint8Array([1, 2]) },
    };
    const pairs = trackProperties(meta);
    expect(pairs.map((p) => p.type)).toEqual([...pairs.map((p) => p.type)].sort((a, b) => a - b));
    expect(pairs[pairs.length - 1]!.type).toBe(TrackProperty.KIND);
    const info = mergeTrackInfo({}, trackExtensions(meta, 64));
    expect(info).toEqual({
      kind: "audio",
      capability: "asr",
      schemaTag: "pcm",
      codec: "opus",
      sampleRate: 48000,
      channels: 2,
      frameMs: 20,
      codecConfig: new Uint8Array([1, 2]),
      defaultPriority: 64,
    });
    expect(mergeTrackInfo(info, pairs)).toBe(info); // nothing new: same object
    expect(
      trackExtensions(meta, 64).find(
        (p) => p.type === ExtensionHeaderType.DEFAULT_PUBLISHER_PRIORITY,
      )?.value,
    ).toBe(64);
  });

  it("LOC timestamp and frame marking", () => {
    expect(readTimestampUs([timestampPair(123)])).toBe(123);
    expect(readTimestampUs(undefined)).toBeUndefined();
    // With a TIMESCALE of 90 kHz, 90 000 units are one second.
    expect(
      readTimestampUs([
        { type: LocProperty.TIMESCALE, value: 90_000 },
        { type: LocProperty.TIMESTAMP, value: 90_000 },
      ]),
    ).toBe(1_000_000);
    expect(frameMarkingPair(true).value).toEqual(new Uint8Array([0xe0]));
    expect(readKeyframe([frameMarkingPair(true)], 5)).toBe(true);
    expect(readKeyframe([frameMarkingPair(false)], 0)).toBe(false);
    expect(readKeyframe(undefined, 0)).toBe(true); // no marking: a Group starts at a keyframe
    expect(readKeyframe(undefined, 3)).toBe(false);
  });
});
