import { describe, expect, it } from "vitest";
import { asCoreExports } from "./abi.ts";
import { CoreError, CoreErrorCode } from "./errors.ts";
import { instantiateCore } from "./instantiate.ts";
import { loadCore } from "./load.ts";
import { alawDecodeReference, alawEncodeReference } from "./reference/g711.ts";
import { coreWasmBytes } from "./testing/node-core.ts";

describe("Core lifecycle", () => {
  it("loads from bytes or a compiled module, synchronously or not", async () => {
    const bytes = coreWasmBytes();
    const module = new WebAssembly.Module(bytes);
    for (const core of [
      await loadCore(bytes),
      await loadCore(module),
      instantiateCore(module),
      instantiateCore(bytes),
    ]) {
      const codec = core.createG711Codec({ law: "mulaw" });
      expect([...codec.encode(Int16Array.from([0, -1]))]).toEqual([0xff, 0x7f]);
      core.close();
    }
  });

  it("re-takes heap views after memory growth and keeps every buffer intact", async () => {
    const core = await loadCore(coreWasmBytes());
    const first = core.createG711Codec({ law: "alaw", frameSamples: 160 });
    const before = first.pcm;
    first.pcm.set(Int16Array.from({ length: 160 }, (_, i) => i * 100 - 8000));
    const heapBefore = core.heapBytes;
    // 10 s buffers at 48 kHz: several MB each, so the memory must grow.
    const big = Array.from({ length: 4 }, () =>
      core.createG711Codec({ law: "mulaw", frameSamples: 480_000 }),
    );
    expect(core.heapBytes).toBeGreaterThan(heapBefore);
    expect(before.byteLength).toBe(0); // the old view was detached by the growth
    const after = first.pcm;
    expect(after.length).toBe(160);
    expect(after[159]).toBe(159 * 100 - 8000);
    first.encodeFrame();
    first.decodeFrame();
    const expected = Int16Array.from({ length: 160 }, (_, i) =>
      alawDecodeReference(alawEncodeReference(i * 100 - 8000)),
    );
    expect([...first.pcm]).toEqual([...expected]);
    for (const codec of big) codec.free();
    core.close();
  });

  it("throws CORE_FREED after free() and after close(), and free() is idempotent", async () => {
    const core = await loadCore(coreWasmBytes());
    const codec = core.createG711Codec({ law: "mulaw" });
    const resampler = core.createResampler({ inputRate: 48000, outputRate: 16000 });
    const agc = core.createAgc({ sampleRate: 16000 });
    const aec = core.createEchoCanceller({ sampleRate: 16000 });
    codec.free();
    codec.free();
    expect(codec.freed).toBe(true);
    expect(() => codec.encodeFrame()).toThrow(
      expect.objectContaining({ code: CoreErrorCode.Freed }),
    );
    expect(() => codec.pcm).toThrow(CoreError);
    core.close();
    for (const use of [
      () => resampler.processFrame(),
      () => agc.processFrame(),
      () => aec.processFrame(),
    ]) {
      expect(use).toThrow(expect.objectContaining({ code: CoreErrorCode.Freed }));
    }
    expect(() => core.createAgc({ sampleRate: 16000 })).toThrow(
      expect.objectContaining({ code: CoreErrorCode.Freed }),
    );
    expect(core.closed).toBe(true);
  });

  it("frees what it allocated: create/free cycles do not grow the heap", async () => {
    const core = await loadCore(coreWasmBytes());
    for (let i = 0; i < 20; i++) {
      core.createResampler({ inputRate: 44100, outputRate: 8000 }).free();
      core.createEchoCanceller({ sampleRate: 48000 }).free();
    }
    const settled = core.heapBytes;
    for (let i = 0; i < 200; i++) {
      core.createResampler({ inputRate: 44100, outputRate: 8000 }).free();
      core.createEchoCanceller({ sampleRate: 48000 }).free();
      core.createAgc({ sampleRate: 48000 }).free();
      core.createG711Codec({ law: "alaw", frameSamples: 4800 }).free();
    }
    expect(core.heapBytes).toBe(settled);
    core.close();
  });

  it("reports bad wasm as a fatal CORE_LOAD_FAILED", async () => {
    await expect(loadCore(new Uint8Array([0, 97, 115, 109, 9, 9]))).rejects.toMatchObject({
      code: CoreErrorCode.LoadFailed,
      fatal: true,
    });
    expect(() => instantiateCore(new Uint8Array(4))).toThrow(
      expect.objectContaining({ code: CoreErrorCode.LoadFailed }),
    );
  });
});

describe("C API guards", () => {
  it("refuses out-of-heap pointers, bad lengths and stale handles without writing", async () => {
    const { instance } = await WebAssembly.instantiate(coreWasmBytes(), {
      env: { emscripten_notify_memory_growth: () => {} },
    });
    const x = asCoreExports(instance.exports);
    x._initialize();
    const heapEnd = x.memory.buffer.byteLength;
    const buf = x.cc_alloc(64);
    const before = new Uint8Array(x.memory.buffer).slice();
    expect(x.cc_g711_encode(0, buf, heapEnd - 4, 16)).toBe(-1); // output runs past the heap
    expect(x.cc_g711_encode(0, buf + 1, buf + 32, 8)).toBe(-1); // misaligned 16-bit input
    expect(x.cc_g711_decode(0, 0, buf, 8)).toBe(-1); // null
    expect(x.cc_g711_encode(7, buf, buf + 32, 8)).toBe(-1); // unknown law
    expect(x.cc_g711_encode(0, buf, buf + 32, -5)).toBe(-1);
    expect(x.cc_agc_process(buf, buf, 8)).toBe(-2); // not an AGC handle
    const r = x.cc_resampler_create(48000, 16000);
    expect(x.cc_resampler_process(r, buf, 16, buf + 32, 1)).toBe(-4); // output too small
    expect(x.cc_resampler_destroy(r)).toBe(0);
    expect(x.cc_resampler_process(r, buf, 16, buf + 32, 8)).toBe(-2); // destroyed
    expect(x.cc_resampler_destroy(r)).toBe(-2); // no double free
    expect(x.cc_resampler_create(22050, 16000)).toBe(0);
    expect(x.cc_aec_create(16000, 5000)).toBe(0);
    // Nothing outside the allocator's own bookkeeping changed.
    const after = new Uint8Array(x.memory.buffer);
    let changed = 0;
    for (let i = buf; i < buf + 64; i++) if (after[i] !== before[i]) changed++;
    expect(changed).toBe(0);
  });
});
