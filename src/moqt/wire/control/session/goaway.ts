import { malformed, WireEncodeError } from "../../errors.ts";
import { utf8Length, varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";

/** §"GOAWAY": the New Session URI is at most 8192 bytes; empty means reuse the current URI. */
export const MAX_GOAWAY_URI_BYTES = 8192;

/** GOAWAY (§"GOAWAY"): the sender will close the session; where to reconnect, if anywhere. */
export interface GoAway {
  readonly kind: "goAway";
  readonly newSessionUri: string;
}

export const goAway: ControlMessageSpec<GoAway> = {
  kind: "goAway",
  types: { 14: 0x10, 16: 0x10 },
  size(m) {
    const n = utf8Length(m.newSessionUri);
    if (n > MAX_GOAWAY_URI_BYTES) throw new WireEncodeError("GOAWAY URI longer than 8192 bytes");
    return varintSize(n) + n;
  },
  write(w, m) {
    w.string(m.newSessionUri, "new session URI");
  },
  read(r) {
    const at = r.pos;
    const len = r.varint("new session URI length");
    if (len > MAX_GOAWAY_URI_BYTES) throw malformed(at, "GOAWAY URI longer than 8192 bytes");
    r.pos = at;
    return { kind: "goAway", newSessionUri: r.string("new session URI") };
  },
};
