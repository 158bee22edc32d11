// Valid encodings to mutate: control messages, subgroup and FETCH streams and
// datagrams of both drafts, drawn from the codec's own arbitraries.
import fc from "fast-check";
import * as fetchFamily from "../src/moqt/wire/control/fetch/arbitrary.ts";
import * as namespaceFamily from "../src/moqt/wire/control/namespace/arbitrary.ts";
import * as publishFamily from "../src/moqt/wire/control/publish/arbitrary.ts";
import * as sessionFamily from "../src/moqt/wire/control/session/arbitrary.ts";
import * as subscribeFamily from "../src/moqt/wire/control/subscribe/arbitrary.ts";
import * as trackStatusFamily from "../src/moqt/wire/control/track-status/arbitrary.ts";
import { type ControlMessage, encodeControl } from "../src/moqt/wire/control.ts";
import { arbitraries } from "../src/moqt/wire/data/arbitrary.ts";
import {
  encodeDatagram,
  encodeFetchHeader,
  encodeStreamHeader,
  type FetchItem,
  type FetchObject,
  fetchObjectSize,
  subgroupObjectSize,
  writeFetchObject,
  writeSubgroupObject,
} from "../src/moqt/wire/data/index.ts";
import { Version } from "../src/moqt/wire/version.ts";
import { WireWriter } from "../src/moqt/wire/writer.ts";

/** What a fuzz input is decoded as. */
export type Target = "control" | "stream" | "datagram";

/** One valid encoding of a target in a draft. */
export interface Seed {
  readonly target: Target;
  readonly version: Version;
  readonly bytes: Uint8Array;
}

/** Every control family's arbitraries (the vitest helper collects them with import.meta.glob). */
const FAMILIES = [
  fetchFamily,
  namespaceFamily,
  publishFamily,
  sessionFamily,
  subscribeFamily,
  trackStatusFamily,
];

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function fetchStream(items: readonly FetchItem[], v: Version): Uint8Array {
  const parts: Uint8Array[] = [encodeFetchHeader({ kind: "fetch", requestId: 3 }, v)];
  let prev: FetchItem | undefined;
  let prevObject: FetchObject | undefined;
  for (const item of items) {
    const w = new WireWriter(fetchObjectSize(item, prev, prevObject, v));
    writeFetchObject(w, item, prev, prevObject, v);
    parts.push(w.finish("fetch item"));
    prev = item;
    if (item.kind === "object") prevObject = item;
  }
  return concat(parts);
}

/** `perKind` seeds of each target and draft, reproducible from `seed`. */
export function buildCorpus(perKind: number, seed: number): Seed[] {
  const out: Seed[] = [];
  for (const [draft, version] of [
    [14, Version.DRAFT_14],
    [16, Version.DRAFT_16],
  ] as const) {
    const arb = arbitraries[draft];
    const sample = <T>(a: fc.Arbitrary<T>) => fc.sample(a, { numRuns: perKind, seed });
    const control: fc.Arbitrary<ControlMessage>[] = FAMILIES.flatMap(
      (f) => f.arbitraries[draft] as readonly fc.Arbitrary<ControlMessage>[],
    );
    for (const m of sample(fc.oneof(...control))) {
      out.push({ target: "control", version, bytes: encodeControl(m, version) });
    }
    for (const s of sample(arb.subgroupStream)) {
      const parts = [encodeStreamHeader(s.header, version)];
      let prev: number | undefined;
      for (const o of s.objects) {
        const w = new WireWriter(subgroupObjectSize(o, s.header, prev, version));
        writeSubgroupObject(w, o, s.header, prev, version);
        parts.push(w.finish("object"));
        prev = o.objectId;
      }
      out.push({ target: "stream", version, bytes: concat(parts) });
    }
    for (const items of sample(arb.fetchStream)) {
      out.push({ target: "stream", version, bytes: fetchStream(items, version) });
    }
    for (const d of sample(arb.datagram)) {
      out.push({ target: "datagram", version, bytes: encodeDatagram(d, version) });
    }
  }
  return out;
}
