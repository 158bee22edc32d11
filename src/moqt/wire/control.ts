import { CONTROL_TABLES, type ControlMessage } from "./control/registry.ts";
import { SessionErrorCode } from "./error-codes.ts";
import { malformed, truncated, WireDecodeError, WireEncodeError } from "./errors.ts";
import { WireReader } from "./reader.ts";
import { profileOf, type Version } from "./version.ts";
import { varintSize, WireWriter } from "./writer.ts";

export type { ControlMessage, ControlMessageKind } from "./control/registry.ts";

/** §"Control Messages": Message Length is 16 bits. */
export const MAX_CONTROL_PAYLOAD = 0xffff;

/** Encodes one control message: Type (i), Length (16), Payload. */
export function encodeControl(msg: ControlMessage, version: Version): Uint8Array {
  const p = profileOf(version);
  const entry = CONTROL_TABLES[p.draft].byKind.get(msg.kind);
  if (entry === undefined) {
    throw new WireEncodeError(`${msg.kind} does not exist in draft-${p.draft}`);
  }
  const payload = entry.spec.size(msg, p);
  if (payload > MAX_CONTROL_PAYLOAD) {
    throw new WireEncodeError(`${msg.kind}: payload of ${payload} bytes exceeds 65535`);
  }
  const head = varintSize(entry.type) + 2;
  const w = new WireWriter(head + payload);
  w.varint(entry.type, "message type");
  w.u16(payload, "message length");
  entry.spec.write(w, msg, p);
  return w.finish(msg.kind);
}

/**
 * Decodes one control message from the start of `bytes`. Returns the message
 * and the bytes consumed. Throws a `truncated` WireDecodeError when `bytes`
 * holds only part of a message, a `malformed` one otherwise.
 */
export function decodeControl(bytes: Uint8Array, version: Version): [ControlMessage, number] {
  const p = profileOf(version);
  const r = new WireReader(bytes);
  const type = r.varint("message type");
  const spec = CONTROL_TABLES[p.draft].byType.get(type);
  const length = r.u16("message length");
  // §"Control Messages": an unknown message type closes the session.
  if (spec === undefined) throw malformed(0, `unknown control message type 0x${type.toString(16)}`);
  if (r.remaining < length) throw truncated(r.pos, `${spec.kind} payload`);
  const body = r.sub(length, spec.kind);
  let msg: ControlMessage;
  try {
    msg = spec.read(body, p);
  } catch (e) {
    // The payload is length-framed: running out inside it means the length is wrong.
    if (e instanceof WireDecodeError && e.truncated) {
      throw malformed(e.offset, `${spec.kind}: payload shorter than its fields (${e.message})`);
    }
    throw e;
  }
  if (!body.atEnd()) {
    throw malformed(
      body.pos,
      `${spec.kind}: ${body.remaining} bytes left after the last field`,
      SessionErrorCode.PROTOCOL_VIOLATION,
    );
  }
  return [msg, r.pos];
}
