import { createFile, MP4BoxBuffer } from "mp4box";
import { describe, expect, it } from "vitest";
import { avcCodecString, opusPreSkip } from "./codec-string.ts";
import { writeFragment } from "./fragment.ts";
import { Fragmenter } from "./fragmenter.ts";
import { writeInitSegment } from "./init-segment.ts";
import { readFragment, readInitSegment } from "./read.ts";

// A real avcC (Constrained Baseline, level 3.1) with one SPS and one PPS.
const AVCC = Uint8Array.from([
  0x01, 0x42, 0xe0, 0x1f, 0xff, 0xe1, 0x00, 0x0b, 0x67, 0x42, 0xe0, 0x1f, 0xda, 0x01, 0x40, 0x16,
  0xe8, 0x06, 0xd0, 0x01, 0x00, 0x04, 0x68, 0xce, 0x06, 0xe2,
]);

const video = {
  kind: "video",
  trackId: 1,
  timescale: 90_000,
  width: 1280,
  height: 720,
  avcC: AVCC,
} as const;
const audio = {
  kind: "audio",
  trackId: 1,
  timescale: 48_000,
  sampleRate: 48_000,
  channels: 2,
  preSkip: 312,
} as const;

/** Parses bytes with mp4box (an independent reader) and returns its info and samples. */
function mp4boxParse(bytes: Uint8Array) {
  const file = createFile();
  let info: unknown;
  const samples: { dts: number; duration: number; is_sync: boolean; size: number }[] = [];
  file.onReady = (i) => {
    info = i;
    file.setExtractionOptions(i.tracks[0]!.id, null, { nbSamples: 1000 });
    file.start();
  };
  file.onSamples = (_id, _user, s) => {
    samples.push(
      ...s.map((x) => ({ dts: x.dts, duration: x.duration, is_sync: x.is_sync, size: x.size })),
    );
  };
  const buf = MP4BoxBuffer.fromArrayBuffer(bytes.slice().buffer, 0);
  file.appendBuffer(buf);
  file.flush();
  return {
    info: info as { tracks: { codec: string; timescale: number; video?: { width: number } }[] },
    samples,
  };
}

describe("CMAF writer", () => {
  it("writes a video header and fragments that an independent parser reads back", () => {
    const init = writeInitSegment(video);
    const frag = writeFragment({ trackId: 1, sequence: 1, baseMediaDecodeTime: 9000 }, [
      { duration: 3000, data: new Uint8Array(100).fill(1), keyframe: true },
      { duration: 3000, data: new Uint8Array(50).fill(2), keyframe: false },
    ]);
    const { info, samples } = mp4boxParse(new Uint8Array([...init, ...frag]));
    expect(info.tracks[0]!.codec).toBe("avc1.42e01f");
    expect(info.tracks[0]!.timescale).toBe(90_000);
    expect(info.tracks[0]!.video?.width).toBe(1280);
    expect(samples).toEqual([
      { dts: 9000, duration: 3000, is_sync: true, size: 100 },
      { dts: 12000, duration: 3000, is_sync: false, size: 50 },
    ]);
  });

  it("writes an Opus header (dOps) mp4box recognizes", () => {
    const { info } = mp4boxParse(writeInitSegment(audio));
    expect(info.tracks[0]!.codec).toBe("Opus");
    expect(info.tracks[0]!.timescale).toBe(48_000);
  });

  it("reads back what it writes", () => {
    expect(readInitSegment(writeInitSegment(video))).toEqual(video);
    expect(readInitSegment(writeInitSegment(audio))).toEqual(audio);
    const data = Uint8Array.of(1, 2, 3);
    const { trackId, samples } = readFragment(
      writeFragment({ trackId: 1, sequence: 7, baseMediaDecodeTime: 2 ** 40 }, [
        { duration: 960, data, keyframe: true },
      ]),
    );
    expect(trackId).toBe(1);
    expect(samples).toEqual([{ decodeTime: 2 ** 40, duration: 960, keyframe: true, data }]);
  });

  it("rejects truncated bytes with a BoxFormatError", () => {
    const frag = writeFragment({ trackId: 1, sequence: 1, baseMediaDecodeTime: 0 }, [
      { duration: 1, data: new Uint8Array(10), keyframe: true },
    ]);
    expect(() => readFragment(frag.subarray(0, frag.length - 4))).toThrow(/claims/);
    expect(() => writeFragment({ trackId: 1, sequence: 1, baseMediaDecodeTime: 0 }, [])).toThrow(
      RangeError,
    );
  });
});

describe("codec strings", () => {
  it("takes profile, constraints and level from the avcC, not the request", () => {
    expect(avcCodecString(AVCC)).toBe("avc1.42E01F");
    const level4 = AVCC.slice();
    level4[3] = 0x28;
    expect(avcCodecString(level4)).toBe("avc1.42E028");
    expect(() => avcCodecString(Uint8Array.of(0))).toThrow(RangeError);
  });

  it("reads the OpusHead pre-skip", () => {
    const head = new Uint8Array(19);
    head.set(new TextEncoder().encode("OpusHead"));
    head[10] = 0x38;
    head[11] = 0x01;
    expect(opusPreSkip(head)).toBe(312);
    expect(opusPreSkip(new Uint8Array(19))).toBeUndefined();
  });
});

describe("Fragmenter", () => {
  const chunk = (ms: number, keyframe = false) => ({
    timestampUs: ms * 1000,
    data: Uint8Array.of(ms & 0xff),
    keyframe,
  });

  it("cuts at every keyframe and at the timeslice, durations from the next timestamp", () => {
    const f = new Fragmenter({
      trackId: 1,
      timescale: 90_000,
      timesliceMs: 100,
      cutAtKeyframes: true,
    });
    const out = [];
    for (const c of [
      chunk(0, true),
      chunk(40),
      chunk(80),
      chunk(120),
      chunk(160, true),
      chunk(200),
    ]) {
      const cut = f.push(c);
      if (cut) out.push(cut);
    }
    const last = f.flush();
    if (last) out.push(last);
    // 0,40,80 reach 120 ms ≥ 100 → cut before 120; 120 then a keyframe at 160 → cut; 160,200 flushed.
    expect(out.map((x) => [x.timestampUs / 1000, x.durationUs / 1000, x.keyframe])).toEqual([
      [0, 120, true],
      [120, 40, false],
      [160, 80, true],
    ]);
    const samples = out.flatMap((x) => readFragment(x.bytes).samples);
    expect(samples.map((s) => s.decodeTime)).toEqual([0, 3600, 7200, 10800, 14400, 18000]);
    expect(samples.map((s) => s.duration)).toEqual([3600, 3600, 3600, 3600, 3600, 3600]);
  });

  it("keeps every sample in one fragment until the timeslice when all are sync samples (audio)", () => {
    const f = new Fragmenter({
      trackId: 1,
      timescale: 48_000,
      timesliceMs: 60,
      cutAtKeyframes: false,
    });
    const cuts = [0, 20, 40, 60, 80]
      .map((ms) => f.push(chunk(ms, true)))
      .filter((x) => x !== undefined);
    expect(cuts.map((c) => readFragment(c.bytes).samples.length)).toEqual([3]);
  });

  it("sends every sample alone with timeslice 0", () => {
    const f = new Fragmenter({
      trackId: 1,
      timescale: 90_000,
      timesliceMs: 0,
      cutAtKeyframes: true,
    });
    const cuts = [0, 33, 66]
      .map((ms) => f.push(chunk(ms, ms === 0)))
      .filter((x) => x !== undefined);
    expect(cuts.length).toBe(2);
  });
});
