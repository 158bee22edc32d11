import { describe, expect, it } from "vitest";
import { AudioClockEngine } from "./audio-clock-engine.ts";

const QUANTUM = 128;

/** `frames` of a ramp (frame i = start + i), `channels` interleaved, channel c offset by 1000·c. */
function ramp(frames: number, channels = 1, start = 0): Float32Array {
  const out = new Float32Array(frames * channels);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++) out[i * channels + c] = start + i + 1000 * c;
  }
  return out;
}

function render(engine: AudioClockEngine, channels = 1): Float32Array[] {
  const out = Array.from({ length: channels }, () => new Float32Array(QUANTUM));
  engine.render(out);
  return out;
}

describe("AudioClockEngine", () => {
  it("plays nothing and stands still until the media clock runs", () => {
    const e = new AudioClockEngine(48_000);
    e.write(1_000_000, 48_000, 1, ramp(4800));
    expect(render(e)[0]!.every((v) => v === 0)).toBe(true);
    expect(e.positionUs).toBe(1_000_000);
    e.setClock(true, 1);
    const [out] = render(e);
    expect(out![5]).toBeCloseTo(4); // frame 5 played with the previous frame interpolated in
    expect(e.positionUs).toBeCloseTo(1_000_000 + (QUANTUM * 1e6) / 48_000, 6);
    expect(e.playing).toBe(true);
  });

  it("fills a gap in the timeline with silence, so the head stays on media time", () => {
    const e = new AudioClockEngine(48_000);
    e.setClock(true, 1);
    e.write(0, 48_000, 1, ramp(480)); // 0–10 ms
    e.write(20_000, 48_000, 1, ramp(4800, 1, 5000)); // from 20 ms: 10 ms missing
    for (let i = 0; i < 7; i++) render(e); // 896 frames ≈ 18.7 ms
    const [out] = render(e);
    expect(out!.slice(0, 64).every((v) => v === 0)).toBe(true); // still in the silence
    expect(out![QUANTUM - 1]).toBeGreaterThan(5000); // the second packet, on time
    expect(e.stats().underruns).toBe(0);
  });

  it("trims audio that overlaps what is queued", () => {
    const e = new AudioClockEngine(48_000);
    e.write(0, 48_000, 1, ramp(480));
    e.write(5_000, 48_000, 1, ramp(480, 1, 240)); // half of it overlaps
    expect(e.stats().bufferMs).toBeCloseTo(15, 5);
    expect(e.stats().droppedMs).toBeCloseTo(5, 5);
  });

  it("resamples the stream's rate to the context's and follows the playback rate", () => {
    const e = new AudioClockEngine(44_100);
    e.setClock(true, 1);
    e.write(0, 48_000, 1, ramp(48_000));
    for (let i = 0; i < 100; i++) render(e);
    const playedS = (100 * QUANTUM) / 44_100;
    expect(e.positionUs / 1e6).toBeCloseTo(playedS, 3);
    e.setClock(true, 1.1);
    const from = e.positionUs;
    for (let i = 0; i < 100; i++) render(e);
    expect((e.positionUs - from) / 1e6).toBeCloseTo(playedS * 1.1, 3);
  });

  it("on underrun plays silence, counts it, holds the head, and restarts with new audio", () => {
    const e = new AudioClockEngine(48_000);
    e.setClock(true, 1);
    e.write(0, 48_000, 1, ramp(2000));
    for (let i = 0; i < 15; i++) render(e);
    const [out] = render(e); // 80 frames left of 128
    expect(out![QUANTUM - 1]).toBe(0);
    expect(e.stats().underruns).toBe(1);
    expect(e.playing).toBe(false);
    expect(e.positionUs).toBeCloseTo((2000 * 1e6) / 48_000, 6);
    render(e);
    expect(e.stats().silenceMs).toBeGreaterThan(2);
    e.write(1_000_000, 48_000, 1, ramp(960)); // 20 ms: less than the 40 ms it waits for
    render(e);
    expect(e.playing).toBe(false);
    e.write(1_020_000, 48_000, 1, ramp(960));
    render(e);
    expect(e.playing).toBe(true);
    expect(e.positionUs).toBeGreaterThan(1_000_000);
  });

  it("flush (a seek) drops the queue; the next audio sets the head", () => {
    const e = new AudioClockEngine(48_000);
    e.setClock(true, 1);
    e.write(0, 48_000, 1, ramp(4800));
    render(e);
    e.flush();
    expect(e.stats().bufferMs).toBe(0);
    expect(e.stats().droppedMs).toBeGreaterThan(90);
    e.write(7_000_000, 48_000, 1, ramp(960));
    expect(e.positionUs).toBe(7_000_000);
  });

  it("keeps stereo channels apart and plays mono on every output channel", () => {
    const stereo = new AudioClockEngine(48_000);
    stereo.setClock(true, 1);
    stereo.write(0, 48_000, 2, ramp(4800, 2));
    render(stereo, 2);
    const [l, r] = render(stereo, 2);
    expect(r![10]! - l![10]!).toBeCloseTo(1000);
    const mono = new AudioClockEngine(48_000);
    mono.setClock(true, 1);
    mono.write(0, 48_000, 1, ramp(4800));
    const [a, b] = render(mono, 2);
    expect(Array.from(b!)).toEqual(Array.from(a!));
  });

  it("refuses a layout it cannot play", () => {
    expect(() => new AudioClockEngine(48_000).write(0, 0, 1, ramp(10))).toThrow(RangeError);
  });
});
