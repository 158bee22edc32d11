// Subgroup stream codec throughput: a SUBGROUP_HEADER followed by N Objects, encoded
// into one buffer with the size/write pair and decoded back object by object.
// Each case runs next to a plain baseline in the same process: a loop that only
// writes/reads a 4-byte DataView length prefix and copies each payload (encode: into
// one buffer sized up front; decode: out into one preallocated buffer). The codec
// decodes zero-copy (each payload a subarray) and the baseline writes no extensions.

import {
  decodeStreamHeader,
  decodeSubgroupObject,
  ObjectStatus,
  type SubgroupHeader,
  SubgroupIdMode,
  type SubgroupObject,
  subgroupHeaderSize,
  subgroupObjectSize,
  writeSubgroupHeader,
  writeSubgroupObject,
} from "../src/moqt/wire/data/index.ts";
import type { KeyValuePair } from "../src/moqt/wire/key-value.ts";
import { Version } from "../src/moqt/wire/version.ts";
import { WireWriter } from "../src/moqt/wire/writer.ts";
import type { BenchResult } from "./types.ts";

const VERSION = Version.DRAFT_16;
const OBJECTS_PER_STREAM = 1000;
const WARMUP_MS = 150;
const BATCH_MS = 60;
const RUNS = 7;

interface Case {
  readonly name: string;
  readonly header: SubgroupHeader;
  readonly objects: readonly SubgroupObject[];
  readonly payloadBytes: number;
}

function makeCase(payloadSize: number, extensions: boolean): Case {
  const header: SubgroupHeader = {
    kind: "subgroup",
    trackAlias: 7,
    groupId: 1234,
    subgroupIdMode: SubgroupIdMode.EXPLICIT,
    subgroupId: 0,
    publisherPriority: 128,
    hasExtensions: extensions,
    endOfGroup: false,
  };
  const exts: KeyValuePair[] = [
    { type: 0x3e, value: 1 }, // Prior Object ID Gap
    { type: 0x4b, value: new Uint8Array(8).fill(0xab) }, // an opaque 8-byte extension
  ];
  const objects: SubgroupObject[] = [];
  for (let i = 0; i < OBJECTS_PER_STREAM; i++) {
    const payload = new Uint8Array(payloadSize);
    for (let j = 0; j < payloadSize; j++) payload[j] = (i + j) & 0xff;
    objects.push(
      extensions
        ? { objectId: i, extensions: exts, status: ObjectStatus.NORMAL, payload }
        : { objectId: i, status: ObjectStatus.NORMAL, payload },
    );
  }
  const name = `${payloadSize}B${extensions ? " +2 ext" : ""}`;
  return { name, header, objects, payloadBytes: payloadSize * OBJECTS_PER_STREAM };
}

// --- the four loops under test ------------------------------------------------------------

function codecEncode(c: Case): Uint8Array {
  const h = c.header;
  const objects = c.objects;
  let size = subgroupHeaderSize(h, VERSION);
  let prev: number | undefined;
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i]!;
    size += subgroupObjectSize(o, h, prev, VERSION);
    prev = o.objectId;
  }
  const w = new WireWriter(size);
  writeSubgroupHeader(w, h, VERSION);
  prev = undefined;
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i]!;
    writeSubgroupObject(w, o, h, prev, VERSION);
    prev = o.objectId;
  }
  return w.finish("bench stream");
}

function baselineEncode(c: Case): Uint8Array {
  const objects = c.objects;
  let size = 0;
  for (let i = 0; i < objects.length; i++) size += 4 + objects[i]!.payload.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let pos = 0;
  for (let i = 0; i < objects.length; i++) {
    const p = objects[i]!.payload;
    view.setUint32(pos, p.length);
    out.set(p, pos + 4);
    pos += 4 + p.length;
  }
  return out;
}

function codecDecode(bytes: Uint8Array): number {
  const [h, n] = decodeStreamHeader(bytes, VERSION);
  if (h.kind !== "subgroup") throw new Error("expected a subgroup stream");
  let at = n;
  let prev: number | undefined;
  let check = 0;
  while (at < bytes.length) {
    const [o, used] = decodeSubgroupObject(bytes, at, h, prev, VERSION);
    check += o.payload.length;
    prev = o.objectId;
    at += used;
  }
  return check;
}

const baselineOut = new Uint8Array(OBJECTS_PER_STREAM * 1200);

function baselineDecode(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  let out = 0;
  while (pos < bytes.length) {
    const len = view.getUint32(pos);
    baselineOut.set(bytes.subarray(pos + 4, pos + 4 + len), out);
    out += len;
    pos += 4 + len;
  }
  return out;
}

// --- measurement ------------------------------------------------------------------------------

let sink = 0;

/** Iterations of `fn` that take about `ms` milliseconds. */
function calibrate(fn: () => number, ms: number): number {
  let iterations = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) sink += fn();
    const dt = performance.now() - t0;
    if (dt >= ms / 4) return Math.max(1, Math.round((iterations * ms) / dt));
    iterations *= 2;
  }
}

/** Streams per second of one timed batch. */
function batch(fn: () => number, iterations: number): number {
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) sink += fn();
  return (iterations * 1000) / (performance.now() - t0);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Median streams/s of codec and baseline, batches interleaved so drift hits both alike. */
function compare(codec: () => number, base: () => number): [number, number] {
  const warmEnd = performance.now() + WARMUP_MS;
  while (performance.now() < warmEnd) {
    sink += codec();
    sink += base();
  }
  const nCodec = calibrate(codec, BATCH_MS);
  const nBase = calibrate(base, BATCH_MS);
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    a.push(batch(codec, nCodec));
    b.push(batch(base, nBase));
  }
  return [median(a), median(b)];
}

function results(op: string, c: Case, streamsPerSec: number, baseStreamsPerSec: number) {
  const objs = streamsPerSec * OBJECTS_PER_STREAM;
  const baseObjs = baseStreamsPerSec * OBJECTS_PER_STREAM;
  const mb = (streamsPerSec * c.payloadBytes) / 1e6;
  const baseMb = (baseStreamsPerSec * c.payloadBytes) / 1e6;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const note = `draft-16 subgroup stream of ${OBJECTS_PER_STREAM} objects; median of ${RUNS} runs`;
  return [
    {
      name: `${op} subgroup objects ${c.name}`,
      unit: "objects/s",
      value: Math.round(objs),
      baseline: Math.round(baseObjs),
      ratio: round(objs / baseObjs),
      note,
    },
    {
      name: `${op} subgroup payload ${c.name}`,
      unit: "MB/s",
      value: round(mb),
      baseline: round(baseMb),
      ratio: round(mb / baseMb),
      note: `${note}; payload bytes only, 1 MB = 1e6 B`,
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const c of [makeCase(100, false), makeCase(1200, false), makeCase(100, true)]) {
    const [enc, encBase] = compare(
      () => codecEncode(c).length,
      () => baselineEncode(c).length,
    );
    out.push(...results("encode", c, enc, encBase));
    const wire = codecEncode(c);
    const plain = baselineEncode(c);
    const [dec, decBase] = compare(
      () => codecDecode(wire),
      () => baselineDecode(plain),
    );
    out.push(...results("decode", c, dec, decBase));
  }
  if (sink === -1) console.log(sink);
  return out;
}
