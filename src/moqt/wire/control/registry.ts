import { FETCH_MESSAGES } from "./fetch/index.ts";
import { NAMESPACE_MESSAGES } from "./namespace/index.ts";
import { PUBLISH_MESSAGES } from "./publish/index.ts";
import { SESSION_MESSAGES } from "./session/index.ts";
import type { ControlMessageSpec, MessageOf } from "./spec.ts";
import { SUBSCRIBE_MESSAGES } from "./subscribe/index.ts";
import { TRACK_STATUS_MESSAGES } from "./track-status/index.ts";

/** Every control message spec, both drafts. */
export const CONTROL_MESSAGES = [
  ...SESSION_MESSAGES,
  ...SUBSCRIBE_MESSAGES,
  ...PUBLISH_MESSAGES,
  ...FETCH_MESSAGES,
  ...TRACK_STATUS_MESSAGES,
  ...NAMESPACE_MESSAGES,
] as const;

/** Any control message of either draft, discriminated by `kind`. */
export type ControlMessage = MessageOf<(typeof CONTROL_MESSAGES)[number]>;
/** The `kind` of any control message. */
export type ControlMessageKind = ControlMessage["kind"];

type AnySpec = ControlMessageSpec<ControlMessage>;

interface DraftTable {
  readonly byType: ReadonlyMap<number, AnySpec>;
  readonly byKind: ReadonlyMap<string, { type: number; spec: AnySpec }>;
}

function buildTable(draft: 14 | 16): DraftTable {
  const byType = new Map<number, AnySpec>();
  const byKind = new Map<string, { type: number; spec: AnySpec }>();
  for (const s of CONTROL_MESSAGES as readonly ControlMessageSpec<{ kind: string }>[]) {
    const type = s.types[draft];
    if (type === undefined) continue;
    if (byType.has(type)) {
      throw new Error(`draft-${draft}: message type 0x${type.toString(16)} registered twice`);
    }
    if (byKind.has(s.kind)) throw new Error(`draft-${draft}: kind ${s.kind} registered twice`);
    byType.set(type, s as AnySpec);
    byKind.set(s.kind, { type, spec: s as AnySpec });
  }
  return { byType, byKind };
}

export const CONTROL_TABLES: Readonly<Record<14 | 16, DraftTable>> = {
  14: buildTable(14),
  16: buildTable(16),
};
