import { describe, expect, it } from "vitest";
import { writeFragment } from "../cmaf/fragment.ts";
import { readFragment } from "../cmaf/read.ts";
import { AudioGapFill } from "./audio-gap-fill.ts";

const TIMESCALE = 48_000;
const PACKET = 960; // 20 ms at 48 kHz

/** An audio chunk of `n` 20 ms Opus packets starting at `startMs`. */
const chunk = (startMs: number, n = 1) =>
  writeFragment(
    { trackId: 2, sequence: 1, baseMediaDecodeTime: startMs * 48 },
    Array.from({ length: n }, () => ({
      duration: PACKET,
      data: Uint8Array.of(1, 2),
      keyframe: true,
    })),
  );

describe("AudioGapFill", () => {
  it("adds nothing while the audio follows on", () => {
    const f = new AudioGapFill(TIMESCALE);
    expect(f.before(chunk(1000))).toBeUndefined();
    expect(f.before(chunk(1020, 3))).toBeUndefined();
    expect(f.before(chunk(1080))).toBeUndefined();
  });

  it("fills a hole with whole 20 ms silence packets from the end of the audio before it", () => {
    const f = new AudioGapFill(TIMESCALE);
    f.before(chunk(1000));
    const silence = f.before(chunk(1085)); // 65 ms hole after 1020
    expect(silence).toBeDefined();
    const { trackId, samples } = readFragment(silence!);
    expect(trackId).toBe(2);
    expect(samples.map((s) => s.decodeTime)).toEqual([1020 * 48, 1040 * 48, 1060 * 48]);
    expect(samples.every((s) => s.keyframe && s.duration === PACKET)).toBe(true);
    expect([...samples[0]!.data]).toEqual([0xf8, 0xff, 0xfe]);
    expect(f.before(chunk(1105))).toBeUndefined();
  });

  it("leaves holes under one packet, overlaps and outages alone", () => {
    const f = new AudioGapFill(TIMESCALE);
    f.before(chunk(1000));
    expect(f.before(chunk(1030))).toBeUndefined(); // 10 ms: MediaSource joins it up
    expect(f.before(chunk(900))).toBeUndefined(); // older audio: nothing to fill
    expect(f.before(chunk(5000))).toBeUndefined(); // 3.9 s: an outage
    expect(f.before(chunk(5060))).toBeDefined(); // measured from the newest audio
    expect(f.before(Uint8Array.of(1, 2, 3))).toBeUndefined(); // not a fragment
  });
});
