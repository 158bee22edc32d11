// The codec on the real stream path: a subgroup stream's bytes arrive as one chunk
// or as 1200 B chunks (Objects straddle reads), and are decoded Object by Object
// through the session's stream reader (DataStreamReader + IncomingSubgroupStream),
// against moq-dev's @moq/net (its stream Reader + IETF Group/Frame decoders) on the
// same bytes in the same run. Both drafts; 100 and 1200 B Objects, with and without
// Object Extensions.

import {
  Frame as MoqNetFrame,
  Group as MoqNetGroup,
} from "../node_modules/@moq/net/ietf/object.js";
import { Version as MoqNetVersion } from "../node_modules/@moq/net/ietf/version.js";
import { Reader as MoqNetReader } from "../node_modules/@moq/net/stream.js";
import { DataStreamReader } from "../src/moqt/session/data-reader.ts";
import { IncomingSubgroupStream } from "../src/moqt/session/incoming-streams.ts";
import {
  decodeStreamHeader,
  ObjectStatus,
  type SubgroupHeader,
  SubgroupIdMode,
  subgroupHeaderSize,
  subgroupObjectSize,
  writeSubgroupHeader,
  writeSubgroupObject,
} from "../src/moqt/wire/data/index.ts";
import { Version } from "../src/moqt/wire/version.ts";
import { WireWriter } from "../src/moqt/wire/writer.ts";
import type { BenchResult } from "./types.ts";

const OBJECTS_PER_STREAM = 200;
const CHUNK_BYTES = 1200;
const RUNS = 5;
const BATCH_MS = 80;

interface Case {
  readonly name: string;
  readonly version: Version;
  readonly chunks: readonly Uint8Array[];
}

function streamBytes(version: Version, payloadSize: number, extensions: boolean): Uint8Array {
  const h: SubgroupHeader = {
    kind: "subgroup",
    trackAlias: 7,
    groupId: 1234,
    subgroupIdMode: SubgroupIdMode.EXPLICIT,
    subgroupId: 0,
    publisherPriority: 128,
    hasExtensions: extensions,
    endOfGroup: false,
  };
  // An opaque 8-byte extension (odd type: bytes), which neither decoder interprets.
  const exts = [{ type: 0x4b, value: new Uint8Array(8).fill(0xab) }];
  const objects = Array.from({ length: OBJECTS_PER_STREAM }, (_, i) => ({
    objectId: i,
    status: ObjectStatus.NORMAL,
    payload: new Uint8Array(payloadSize).fill(i & 0xff),
    ...(extensions && { extensions: exts }),
  }));
  let size = subgroupHeaderSize(h, version);
  let prev: number | undefined;
  for (const o of objects) {
    size += subgroupObjectSize(o, h, prev, version);
    prev = o.objectId;
  }
  const w = new WireWriter(size);
  writeSubgroupHeader(w, h, version);
  prev = undefined;
  for (const o of objects) {
    writeSubgroupObject(w, o, h, prev, version);
    prev = o.objectId;
  }
  return w.finish("bench stream");
}

function split(bytes: Uint8Array, chunkBytes: number | undefined): Uint8Array[] {
  if (chunkBytes === undefined) return [bytes];
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += chunkBytes) {
    out.push(bytes.slice(at, at + chunkBytes));
  }
  return out;
}

function streamOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(c) {
      for (const chunk of chunks) c.enqueue(chunk);
      c.close();
    },
  });
}

const fail = (e: unknown) => {
  throw e;
};

/** Ours: the session's reader, as a subscriber's subgroup stream is read. */
async function ours(c: Case): Promise<number> {
  const reader = new DataStreamReader(streamOf(c.chunks), 1 << 20);
  const header = await reader.next((b, o) => decodeStreamHeader(b, c.version, o));
  if (header?.kind !== "subgroup") throw new Error("expected a subgroup header");
  const s = new IncomingSubgroupStream(header, reader, c.version, fail);
  let bytes = 0;
  for (let o = await s.read(); o !== undefined; o = await s.read()) bytes += o.payload.length;
  return bytes;
}

/** @moq/net: its stream Reader, Group header and Frame decoders. */
async function moqNet(c: Case): Promise<number> {
  const version = c.version === Version.DRAFT_14 ? MoqNetVersion.DRAFT_14 : MoqNetVersion.DRAFT_16;
  const r = new MoqNetReader(streamOf(c.chunks), undefined, version);
  const group = await MoqNetGroup.decode(r, version);
  let bytes = 0;
  while (!(await r.done())) {
    const f = await MoqNetFrame.decode(r, group.flags, undefined, version);
    bytes += f.payload?.length ?? 0;
  }
  return bytes;
}

/** Streams per second over one timed batch of about BATCH_MS. */
async function rate(fn: (c: Case) => Promise<number>, c: Case): Promise<number> {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < BATCH_MS) {
    await fn(c);
    n++;
  }
  return (n * 1000) / (performance.now() - t0);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const version of [Version.DRAFT_16, Version.DRAFT_14]) {
    for (const [payloadSize, extensions] of [
      [100, false],
      [1200, false],
      [100, true],
      [1200, true],
    ] as const) {
      const bytes = streamBytes(version, payloadSize, extensions);
      for (const chunkBytes of [undefined, CHUNK_BYTES]) {
        const draft = version === Version.DRAFT_14 ? 14 : 16;
        const name = `stream decode d${draft} ${payloadSize}B${extensions ? " +ext" : ""}, ${
          chunkBytes === undefined ? "whole stream" : `${chunkBytes} B chunks`
        }`;
        const c: Case = { name, version, chunks: split(bytes, chunkBytes) };
        if ((await ours(c)) !== (await moqNet(c))) throw new Error(`${name}: decoders disagree`);
        await rate(ours, c); // warm up both
        await rate(moqNet, c);
        const a: number[] = [];
        const b: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          a.push(await rate(ours, c));
          b.push(await rate(moqNet, c));
        }
        const objs = median(a) * OBJECTS_PER_STREAM;
        const base = median(b) * OBJECTS_PER_STREAM;
        out.push({
          name: c.name,
          unit: "objects/s",
          value: Math.round(objs),
          baseline: Math.round(base),
          ratio: Math.round((objs / base) * 1000) / 1000,
          note: `baseline @moq/net 0.3.4 on the same bytes; ${OBJECTS_PER_STREAM} Objects per stream; median of ${RUNS}`,
        });
      }
    }
  }
  return out;
}
