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

/** An engine whose context renders quantum after quantum; `clock` places the media clock. */
function rig(outputRate = 48_000) {
  const engine = new AudioClockEngine(outputRate);
  let nowS = 0;
  return {
    engine,
    /** The media clock is at `mediaUs` now, moving at `rate`. */
    clock(mediaUs: number, rate = 1, running = true) {
      engine.setClock({ running, rate, contextTime: nowS, mediaUs });
    },
    render(channels = 1): Float32Array[] {
      const out = Array.from({ length: channels }, () => new Float32Array(QUANTUM));
      engine.render(out, nowS);
      nowS += QUANTUM / outputRate;
      return out;
    },
  };
}

describe("AudioClockEngine", () => {
  it("plays nothing and stands still until the media clock runs", () => {
    const r = rig();
    r.engine.write(1_000_000, 48_000, 1, ramp(4800));
    r.clock(1_000_000, 1, false);
    expect(r.render()[0]!.every((v) => v === 0)).toBe(true);
    expect(r.engine.positionUs).toBe(1_000_000);
    r.clock(1_000_000);
    const [out] = r.render();
    expect(out![5]).toBeCloseTo(4); // frame 5 played with the previous frame interpolated in
    expect(r.engine.positionUs).toBeCloseTo(1_000_000 + (QUANTUM * 1e6) / 48_000, 6);
    expect(r.engine.playing).toBe(true);
  });

  it("plays the sample due on the clock: late audio is skipped, early audio waits in silence", () => {
    const late = rig();
    late.engine.write(0, 48_000, 1, ramp(48_000));
    late.clock(200_000); // 200 ms of it are already past
    const [out] = late.render();
    expect(out![10]).toBeCloseTo(9600 + 9, 0);
    expect(late.engine.stats().droppedMs).toBeCloseTo(200, 0);
    const early = rig();
    early.engine.write(100_000, 48_000, 1, ramp(48_000));
    early.clock(0); // due in 100 ms
    let quanta = 0;
    while (early.render()[0]!.every((v) => v === 0)) quanta++;
    expect((quanta * QUANTUM) / 48).toBeGreaterThan(100 - 16); // waited until ~15 ms before it
    expect(early.engine.stats().underruns).toBe(0);
    expect(early.engine.stats().droppedMs).toBe(0);
  });

  it("takes up a small offset from the clock by resampling, within 0.5 %", () => {
    const r = rig();
    r.engine.write(10_000, 48_000, 1, ramp(96_000)); // 10 ms ahead of the clock: inside the resync bound
    r.clock(0);
    for (let i = 0; i < 375; i++) r.render(); // 1 s
    const { clockErrorMs } = r.engine.stats();
    expect(clockErrorMs).toBeGreaterThan(4); // at most 5 ms taken up in 1 s…
    expect(clockErrorMs).toBeLessThan(9.5); // …and some of it
    for (let i = 0; i < 300; i++) r.render();
    expect(Math.abs(r.engine.stats().clockErrorMs)).toBeLessThan(2);
  });

  it("fills a gap in the timeline with silence, so the head stays on media time", () => {
    const r = rig();
    r.clock(0);
    r.engine.write(0, 48_000, 1, ramp(480)); // 0–10 ms
    r.engine.write(20_000, 48_000, 1, ramp(4800, 1, 5000)); // from 20 ms: 10 ms missing
    for (let i = 0; i < 7; i++) r.render(); // 896 frames ≈ 18.7 ms
    const [out] = r.render();
    expect(out!.slice(0, 64).every((v) => v === 0)).toBe(true); // still in the silence
    expect(out![QUANTUM - 1]).toBeGreaterThan(5000); // the second packet, on time
    expect(r.engine.stats().underruns).toBe(0);
  });

  it("trims audio that overlaps what is queued", () => {
    const e = new AudioClockEngine(48_000);
    e.write(0, 48_000, 1, ramp(480));
    e.write(5_000, 48_000, 1, ramp(480, 1, 240)); // half of it overlaps
    expect(e.stats().bufferMs).toBeCloseTo(15, 5);
    expect(e.stats().droppedMs).toBeCloseTo(5, 5);
  });

  it("resamples the stream's rate to the context's and follows the playback rate", () => {
    const r = rig(44_100);
    r.clock(0);
    r.engine.write(0, 48_000, 1, ramp(96_000));
    for (let i = 0; i < 100; i++) r.render();
    const playedS = (100 * QUANTUM) / 44_100;
    expect(r.engine.positionUs / 1e6).toBeCloseTo(playedS, 3);
    r.clock(r.engine.positionUs, 1.1);
    const from = r.engine.positionUs;
    for (let i = 0; i < 100; i++) r.render();
    expect((r.engine.positionUs - from) / 1e6).toBeCloseTo(playedS * 1.1, 3);
  });

  it("on underrun plays silence and counts it; audio coming after plays at its time on the clock", () => {
    const r = rig();
    r.clock(0);
    r.engine.write(0, 48_000, 1, ramp(2000));
    for (let i = 0; i < 15; i++) r.render();
    const [out] = r.render(); // 80 frames left of 128
    expect(out![QUANTUM - 1]).toBe(0);
    expect(r.engine.stats().underruns).toBe(1);
    expect(r.engine.playing).toBe(false);
    for (let i = 0; i < 20; i++) r.render(); // the clock runs on: ~96 ms in all
    expect(r.engine.stats().silenceMs).toBeGreaterThan(50);
    // The missing audio comes late: what is past is skipped, the rest plays on the clock.
    r.engine.write(2000 * (1e6 / 48_000), 48_000, 1, ramp(9600, 1, 2000));
    const [after] = r.render();
    const dueFrame = 36 * QUANTUM; // 36 quanta rendered before this one
    expect(Math.abs(after![QUANTUM - 1]! - (dueFrame + QUANTUM - 1))).toBeLessThan(2);
    expect(r.engine.playing).toBe(true);
    expect(r.engine.stats().underruns).toBe(1);
  });

  it("flush (a seek) drops the queue; the next audio sets the head", () => {
    const r = rig();
    r.clock(0);
    r.engine.write(0, 48_000, 1, ramp(4800));
    r.render();
    r.engine.flush();
    expect(r.engine.stats().bufferMs).toBe(0);
    expect(r.engine.stats().droppedMs).toBeGreaterThan(90);
    r.engine.write(7_000_000, 48_000, 1, ramp(960));
    expect(r.engine.positionUs).toBe(7_000_000);
  });

  it("keeps stereo channels apart and plays mono on every output channel", () => {
    const stereo = rig();
    stereo.clock(0);
    stereo.engine.write(0, 48_000, 2, ramp(4800, 2));
    stereo.render(2);
    const [l, r] = stereo.render(2);
    expect(r![10]! - l![10]!).toBeCloseTo(1000);
    const mono = rig();
    mono.clock(0);
    mono.engine.write(0, 48_000, 1, ramp(4800));
    const [a, b] = mono.render(2);
    expect(Array.from(b!)).toEqual(Array.from(a!));
  });

  it("refuses a layout it cannot play", () => {
    expect(() => new AudioClockEngine(48_000).write(0, 0, 1, ramp(10))).toThrow(RangeError);
  });
});
