import { describe, expect, it } from "vitest";
import { jitterPolicy } from "./jitter.ts";
import { PlayoutEngine } from "./playout-engine.ts";
import { SampleRing } from "./ring.ts";

const RATE = 48_000;
const Q = 128;

function setup(jitter = {}, inputRate = RATE) {
  const ring = SampleRing.allocate(RATE, false);
  const engine = new PlayoutEngine(RATE, inputRate, jitterPolicy(jitter));
  const out = new Float32Array(Q);
  return { ring, engine, out, quantum: () => engine.render(ring, out) };
}

const constant = (value: number, ms: number, rate = RATE) =>
  new Float32Array((rate * ms) / 1000).fill(value);

describe("PlayoutEngine", () => {
  it("plays silence until the target reserve is buffered, then the audio with a fade-in", () => {
    const { ring, engine, out, quantum } = setup({ initialTargetMs: 20 });
    ring.write(constant(0.5, 10));
    quantum();
    expect(out.every((s) => s === 0)).toBe(true);
    ring.write(constant(0.5, 10));
    quantum(); // reaches the target: starts on the next quantum
    quantum();
    expect(out[0]).toBe(0);
    expect(out[Q - 1]).toBeGreaterThan(0.4);
    quantum();
    expect(out.every((s) => Math.abs(s - 0.5) < 1e-6)).toBe(true);
    expect(engine.stats().underruns).toBe(0);
    expect(engine.stats().concealedMs).toBe(0);
  });

  it("fades into exact silence on underrun, counts it, grows the target and never replays old audio", () => {
    const { ring, engine, out, quantum } = setup({ initialTargetMs: 10 });
    ring.write(constant(0.5, 10));
    quantum();
    for (let i = 0; i < 3; i++) quantum();
    const before = engine.stats().targetMs;
    quantum(); // 480 samples = 3.75 quanta: 96 left, then a 32-sample fade to zero
    expect(out.subarray(0, 96).every((s) => Math.abs(s - 0.5) < 1e-6)).toBe(true);
    const fade = Array.from(out.subarray(96));
    for (let i = 1; i < fade.length; i++) expect(fade[i]).toBeLessThan(fade[i - 1] as number);
    expect(out[Q - 1]).toBe(0);
    for (let i = 0; i < 50; i++) {
      quantum();
      expect(out.every((s) => s === 0)).toBe(true);
    }
    const s = engine.stats();
    expect(s.underruns).toBe(1);
    expect(s.targetMs).toBe(before + 10);
    expect(s.concealedMs).toBeGreaterThan(50 * (Q / 48));
  });

  it("bends the rate up when the reserve stays above the target, down when below", () => {
    const { ring, engine, quantum } = setup({ initialTargetMs: 10, maxTargetMs: 200 });
    ring.write(constant(0.1, 60));
    for (let i = 0; i < 80; i++) {
      quantum();
      ring.write(constant(0.1, Q / 48));
    }
    expect(engine.stats().rate).toBeGreaterThan(1);
  });

  it("drops a backlog far above the target at once", () => {
    const { ring, engine, quantum } = setup({ initialTargetMs: 10 });
    ring.write(constant(0.1, 500));
    for (let i = 0; i < 80; i++) quantum();
    const s = engine.stats();
    expect(s.droppedMs).toBeGreaterThan(250);
    expect(s.bufferMs).toBeLessThan(100);
  });

  it("shrinks the target again after a stable period", () => {
    const { ring, engine, quantum } = setup({ initialTargetMs: 40, minTargetMs: 10 });
    ring.write(constant(0.1, 45));
    for (let i = 0; i < 1500; i++) {
      quantum();
      ring.write(constant(0.1, Q / 48));
    }
    expect(engine.stats().targetMs).toBeLessThan(40);
    expect(engine.stats().underruns).toBe(0);
  });

  it("converts the input rate: 8 kHz input is consumed at one sixth of the output rate", () => {
    const { ring, quantum } = setup({ initialTargetMs: 10 }, 8_000);
    ring.write(constant(0.2, 500, 8_000));
    quantum(); // buffered: starts on the next quantum
    const before = ring.available;
    for (let i = 0; i < 6; i++) quantum();
    const used = before - ring.available;
    expect(used).toBeGreaterThanOrEqual(127);
    expect(used).toBeLessThanOrEqual(129);
  });
});

describe("jitterPolicy", () => {
  it("names the bad field", () => {
    expect(() => jitterPolicy({ minTargetMs: -1 })).toThrow(/minTargetMs/);
    expect(() => jitterPolicy({ minTargetMs: 50, maxTargetMs: 20 })).toThrow(/maxTargetMs/);
    expect(() => jitterPolicy({ initialTargetMs: 500 })).toThrow(/initialTargetMs/);
  });
});
