// PUBLISH_DONE status codes by name, per draft: draft-14 and draft-16
// §"PUBLISH_DONE" agree on every code except MALFORMED_TRACK.
import {
  PublishDoneCode14,
  PublishDoneCode16,
} from "../../../src/moqt/wire/control/subscribe/codes.ts";

/** A PUBLISH_DONE status, named as both drafts name it. */
export type DoneStatus = keyof typeof PublishDoneCode16 | keyof typeof PublishDoneCode14;

/** The wire code of `status` in `draft` (INTERNAL_ERROR when that draft lacks it). */
export function doneCode(status: DoneStatus, draft: 14 | 16): number {
  const table: Readonly<Record<string, number>> =
    draft === 16 ? PublishDoneCode16 : PublishDoneCode14;
  return table[status] ?? 0;
}

/** The name of a received status code, if its draft defines it. */
export function doneStatus(code: number, draft: 14 | 16): DoneStatus | undefined {
  const table: Readonly<Record<string, number>> =
    draft === 16 ? PublishDoneCode16 : PublishDoneCode14;
  for (const [name, value] of Object.entries(table)) {
    if (value === code) return name as DoneStatus;
  }
  return undefined;
}
