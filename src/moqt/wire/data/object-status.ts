// draft-14 §"Object Status", draft-16 §"Object Status".
// draft-14: 0x0 Normal, 0x1 Object Does Not Exist, 0x3 End of Group, 0x4 End of Track.
// draft-16 drops 0x1 (a FETCH signals absent Objects with End of Range instead).
import { malformed, WireEncodeError } from "../errors.ts";
import type { WireReader } from "../reader.ts";
import type { VersionProfile } from "../version.ts";

/** Object Status values (§"Object Status"); 0x1 exists in draft-14 only. */
export const ObjectStatus = {
  NORMAL: 0x0,
  /** draft-14 only. */
  DOES_NOT_EXIST: 0x1,
  END_OF_GROUP: 0x3,
  END_OF_TRACK: 0x4,
} as const;
export type ObjectStatus = (typeof ObjectStatus)[keyof typeof ObjectStatus];

/** True when `v` is an Object Status the draft defines. */
export function isObjectStatus(v: number, p: VersionProfile): v is ObjectStatus {
  return v === 0 || v === 3 || v === 4 || (v === 1 && p.draft === 14);
}

/** Any other value is a PROTOCOL_VIOLATION (both drafts). */
export function readObjectStatus(r: WireReader, p: VersionProfile): ObjectStatus {
  const at = r.pos;
  const v = r.varint("object status");
  if (!isObjectStatus(v, p)) throw malformed(at, `invalid object status ${v} in draft-${p.draft}`);
  return v;
}

/**
 * draft-14 §"Object Extension Header": an Object that does not exist carries no
 * extensions; draft-16 §"Object Extension Headers": only Normal Objects carry them.
 */
export function statusAllowsExtensions(status: ObjectStatus, p: VersionProfile): boolean {
  return p.draft === 14 ? status !== ObjectStatus.DOES_NOT_EXIST : status === ObjectStatus.NORMAL;
}

/** Encode-side checks shared by every object form: a known status, payload only when Normal. */
export function checkObjectStatus(
  status: ObjectStatus,
  payloadLength: number,
  hasExtensions: boolean,
  p: VersionProfile,
  what: string,
): void {
  if (!isObjectStatus(status, p)) {
    throw new WireEncodeError(
      `${what}: object status ${status} does not exist in draft-${p.draft}`,
    );
  }
  if (status !== ObjectStatus.NORMAL && payloadLength !== 0) {
    throw new WireEncodeError(
      `${what}: an object with status ${status} must have an empty payload`,
    );
  }
  if (hasExtensions && !statusAllowsExtensions(status, p)) {
    throw new WireEncodeError(`${what}: an object with status ${status} cannot carry extensions`);
  }
}
