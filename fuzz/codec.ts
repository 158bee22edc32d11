// The codec in-process: mutated control messages, data streams and datagrams of
// both drafts are decoded; each input must decode or fail with a WireDecodeError,
// consume no more than it was given, and the stream path's "need more bytes"
// check (subgroupObjectEnd) must agree with the decoder.
import { decodeControl } from "../src/moqt/wire/control.ts";
import {
  decodeDatagram,
  decodeFetchObject,
  decodeStreamHeader,
  decodeSubgroupObject,
  type FetchItem,
  type FetchObject,
  subgroupObjectEnd,
} from "../src/moqt/wire/data/index.ts";
import { WireDecodeError } from "../src/moqt/wire/errors.ts";
import type { Version } from "../src/moqt/wire/version.ts";
import { buildCorpus, type Target } from "./corpus.ts";
import { mutate, Rng } from "./mutate.ts";

/** An input that broke a rule. */
export interface Finding {
  readonly target: Target;
  readonly hex: string;
  readonly problem: string;
}

/** What a codec fuzz run did. */
export interface CodecFuzzReport {
  readonly inputs: number;
  readonly findings: readonly Finding[];
  /** The slowest single decode (a hang shows here). */
  readonly slowestMs: number;
  readonly elapsedMs: number;
}

class Violation extends Error {}

function check(cond: boolean, what: string): void {
  if (!cond) throw new Violation(what);
}

function decodeStream(bytes: Uint8Array, v: Version): void {
  const [h, n] = decodeStreamHeader(bytes, v);
  check(n > 0 && n <= bytes.length, `header consumed ${n} of ${bytes.length}`);
  let at = n;
  if (h.kind === "subgroup") {
    let prev: number | undefined;
    while (at < bytes.length) {
      const end = subgroupObjectEnd(bytes, at, h.hasExtensions);
      let decoded: [{ objectId: number }, number];
      try {
        decoded = decodeSubgroupObject(bytes, at, h, prev, v);
      } catch (e) {
        const truncated = e instanceof WireDecodeError && e.truncated;
        check(!truncated || end < 0, "subgroupObjectEnd says complete, decoder says truncated");
        throw e;
      }
      check(
        end === at + decoded[1],
        `subgroupObjectEnd ${end}, decoder ended at ${at + decoded[1]}`,
      );
      prev = decoded[0].objectId;
      at += decoded[1];
    }
    return;
  }
  let prev: FetchItem | undefined;
  let prevObject: FetchObject | undefined;
  while (at < bytes.length) {
    const [item, used] = decodeFetchObject(bytes, at, prev, prevObject, v);
    check(used > 0, "a FETCH item consumed nothing");
    prev = item;
    if (item.kind === "object") prevObject = item;
    at += used;
  }
}

function decodeAs(target: Target, bytes: Uint8Array, v: Version): void {
  if (target === "control") {
    const [, used] = decodeControl(bytes, v);
    check(used > 0 && used <= bytes.length, `control consumed ${used} of ${bytes.length}`);
  } else if (target === "datagram") {
    const [, used] = decodeDatagram(bytes, v);
    check(used === bytes.length, `datagram consumed ${used} of ${bytes.length}`);
  } else {
    decodeStream(bytes, v);
  }
}

const hexOf = (b: Uint8Array) =>
  Array.from(b.subarray(0, 256), (x) => x.toString(16).padStart(2, "0")).join("");

/** Decodes `inputs` mutated inputs (seeded, reproducible). */
export function fuzzCodec(inputs: number, seed = 1): CodecFuzzReport {
  const corpus = buildCorpus(inputs >= 100_000 ? 300 : 40, seed);
  const rng = new Rng(seed);
  const findings: Finding[] = [];
  let slowestMs = 0;
  const t0 = performance.now();
  for (let i = 0; i < inputs; i++) {
    const s = corpus[rng.below(corpus.length)]!;
    const bytes = mutate(s.bytes, rng);
    const started = performance.now();
    try {
      decodeAs(s.target, bytes, s.version);
    } catch (e) {
      if (!(e instanceof WireDecodeError)) {
        findings.push({
          target: s.target,
          hex: hexOf(bytes),
          problem: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
        });
      }
    }
    const ms = performance.now() - started;
    if (ms > slowestMs) slowestMs = ms;
  }
  return { inputs, findings, slowestMs, elapsedMs: performance.now() - t0 };
}
