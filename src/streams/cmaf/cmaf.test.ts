import { createFile, MP4BoxBuffer } from "mp4box";
import { describe, expect, it } from "vitest";
import { ChunkWriter, type CmafChunk } from "./chunk-writer.ts";
import { avcCodecString, opusPreSkip } from "./codec-string.ts";
import { writeFragment } from "./fragment.ts";
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

describe("ChunkWriter", () => {
  const frame = (ms: number, keyframe = false) => ({
    timestampUs: ms * 1000,
    data: Uint8Array.of(ms & 0xff),
    keyframe,
  });
  const run = (w: ChunkWriter, frames: ReturnType<typeof frame>[]) => {
    const out = frames.map((f) => w.push(f)).filter((c) => c !== undefined);
    const last = w.flush();
    return last === undefined ? out : [...out, last];
  };
  const sequence = (c: CmafChunk) => new DataView(c.bytes.buffer).getUint32(20);

  it("writes every video frame as its own chunk, duration from the next timestamp", () => {
    const w = new ChunkWriter({ trackId: 1, timescale: 90_000, allSync: false, fragmentMs: 0 });
    expect(w.push(frame(0, true))).toBeUndefined(); // held until the next frame gives its duration
    const chunks = run(w, [frame(40), frame(73), frame(120, true), frame(160)]);
    expect(chunks.map((c) => [c.timestampUs / 1000, c.durationUs / 1000])).toEqual([
      [0, 40],
      [40, 33],
      [73, 47],
      [120, 40],
      [160, 40], // the last one keeps the last known duration
    ]);
    const samples = chunks.map((c) => readFragment(c.bytes).samples);
    expect(samples.map((s) => s.length)).toEqual([1, 1, 1, 1, 1]);
    expect(samples.map((s) => [s[0]!.decodeTime, s[0]!.duration, s[0]!.keyframe])).toEqual([
      [0, 3600, true],
      [3600, 2970, false],
      [6570, 4230, false],
      [10800, 3600, true],
      [14400, 3600, false],
    ]);
    // A keyframe starts a fragment (a Group); its chunks share the mfhd sequence number.
    expect(chunks.map((c) => c.fragmentStart)).toEqual([true, false, false, true, false]);
    expect(chunks.map(sequence)).toEqual([1, 1, 1, 2, 2]);
  });

  it("starts an audio fragment every fragmentMs, every chunk a sync sample", () => {
    const w = new ChunkWriter({ trackId: 1, timescale: 48_000, allSync: true, fragmentMs: 60 });
    const chunks = run(
      w,
      [0, 20, 40, 60, 80, 100, 120].map((ms) => frame(ms)),
    );
    expect(chunks.map((c) => c.fragmentStart)).toEqual([
      true,
      false,
      false,
      true,
      false,
      false,
      true,
    ]);
    expect(chunks.every((c) => c.keyframe && readFragment(c.bytes).samples[0]!.keyframe)).toBe(
      true,
    );
    expect(chunks.map((c) => readFragment(c.bytes).samples[0]!.duration)).toEqual(
      Array(7).fill(960),
    );
  });

  it("never drifts: tick durations come from rounded end points", () => {
    const w = new ChunkWriter({ trackId: 1, timescale: 90_000, allSync: false, fragmentMs: 0 });
    const times = Array.from({ length: 31 }, (_, i) => (i * 1000) / 30);
    const chunks = run(
      w,
      times.map((ms, i) => frame(ms, i === 0)),
    );
    const samples = chunks.map((c) => readFragment(c.bytes).samples[0]!);
    for (let i = 1; i < samples.length; i++) {
      expect(samples[i]!.decodeTime).toBe(samples[i - 1]!.decodeTime + samples[i - 1]!.duration);
    }
  });

  it("gives a frame whose successor goes back in time the last known duration", () => {
    const w = new ChunkWriter({ trackId: 1, timescale: 1000, allSync: false, fragmentMs: 0 });
    const chunks = run(w, [frame(0, true), frame(30), frame(10, true)]);
    expect(chunks.map((c) => c.durationUs / 1000)).toEqual([30, 30, 30]);
  });
});
