// QMux transport parameters (qmux-02 §"Transport Parameters", encoded as RFC 9000
// §18: id, length, value), carried by the QX_TRANSPORT_PARAMETERS frame.
import { QmuxError, QmuxErrorCode } from "./qmux-error.ts";
import { putVarint, putVarint8, varintSize, WireReader } from "./qmux-wire.ts";

/** The parameters a QMux endpoint declares; absent ones take RFC 9000 §18.2 defaults. */
export interface TransportParameters {
  readonly maxIdleTimeoutMs: number;
  readonly initialMaxData: number;
  readonly initialMaxStreamDataBidiLocal: number;
  readonly initialMaxStreamDataBidiRemote: number;
  readonly initialMaxStreamDataUni: number;
  readonly initialMaxStreamsBidi: number;
  readonly initialMaxStreamsUni: number;
  /** RFC 9221 §3: 0 = no datagrams. */
  readonly maxDatagramFrameSize: number;
  /** qmux-02 §"max_record_size Transport Parameter". */
  readonly maxRecordSize: number;
}

/** qmux-02 §"max_record_size Transport Parameter": the default, and the least a peer may declare. */
export const DEFAULT_MAX_RECORD_SIZE = 16382;

/** What a peer that sent nothing declares (RFC 9000 §18.2: absent limits are 0). */
export const DEFAULT_PARAMETERS: TransportParameters = {
  maxIdleTimeoutMs: 0,
  initialMaxData: 0,
  initialMaxStreamDataBidiLocal: 0,
  initialMaxStreamDataBidiRemote: 0,
  initialMaxStreamDataUni: 0,
  initialMaxStreamsBidi: 0,
  initialMaxStreamsUni: 0,
  maxDatagramFrameSize: 0,
  maxRecordSize: DEFAULT_MAX_RECORD_SIZE,
};

const MAX_RECORD_SIZE_ID = 0x0571c59429cd0845n;
/** RFC 9000 §18.2 ids, in the order of the fields above. */
const IDS = [0x01, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x20] as const;
const FIELDS = [
  "maxIdleTimeoutMs",
  "initialMaxData",
  "initialMaxStreamDataBidiLocal",
  "initialMaxStreamDataBidiRemote",
  "initialMaxStreamDataUni",
  "initialMaxStreamsBidi",
  "initialMaxStreamsUni",
  "maxDatagramFrameSize",
] as const;
/** qmux-02 §"Permitted and Forbidden Transport Parameters": QUIC's ids QMux prohibits. */
const FORBIDDEN = new Set([0x00, 0x02, 0x03, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10]);

const paramError = (message: string) =>
  new QmuxError(QmuxErrorCode.TRANSPORT_PARAMETER_ERROR, message);

/** The Transport Parameters field for `p` (zero values and the default record size left out). */
export function encodeParameters(p: TransportParameters): Uint8Array {
  const out = new Uint8Array(128);
  let at = 0;
  IDS.forEach((id, i) => {
    const v = p[FIELDS[i]!];
    if (v === 0) return;
    at = putVarint(out, at, id);
    at = putVarint(out, at, varintSize(v));
    at = putVarint(out, at, v);
  });
  if (p.maxRecordSize !== DEFAULT_MAX_RECORD_SIZE) {
    at = putVarint8(out, at, MAX_RECORD_SIZE_ID);
    at = putVarint(out, at, varintSize(p.maxRecordSize));
    at = putVarint(out, at, p.maxRecordSize);
  }
  return out.slice(0, at);
}

/**
 * Decodes a Transport Parameters field. TRANSPORT_PARAMETER_ERROR for a
 * forbidden or repeated parameter, a value that is not one varint, or a
 * max_record_size below the default; unknown ids are skipped (RFC 9000 §7.4.2).
 */
export function decodeParameters(bytes: Uint8Array): TransportParameters {
  const r = new WireReader(bytes);
  const out: Record<string, number> = { ...DEFAULT_PARAMETERS };
  const seen = new Set<number | bigint>();
  try {
    while (r.remaining > 0) {
      const id = r.exactVarint();
      const value = r.take(r.varint());
      const known = typeof id === "number" && IDS.includes(id as (typeof IDS)[number]);
      if (typeof id === "number" && FORBIDDEN.has(id)) {
        throw paramError(`forbidden transport parameter 0x${id.toString(16)}`);
      }
      if (!known && id !== MAX_RECORD_SIZE_ID) continue;
      if (seen.has(id)) throw paramError(`repeated transport parameter 0x${id.toString(16)}`);
      seen.add(id);
      const v = new WireReader(value);
      const n = v.varint();
      if (v.remaining !== 0)
        throw paramError(`transport parameter 0x${id.toString(16)}: bad value`);
      if (id === MAX_RECORD_SIZE_ID) {
        if (n < DEFAULT_MAX_RECORD_SIZE)
          throw paramError(`max_record_size ${n} below ${DEFAULT_MAX_RECORD_SIZE}`);
        out.maxRecordSize = n;
      } else {
        out[FIELDS[IDS.indexOf(id as (typeof IDS)[number])]!] = n;
      }
    }
  } catch (e) {
    if (e instanceof QmuxError && e.transportCode !== QmuxErrorCode.TRANSPORT_PARAMETER_ERROR) {
      throw paramError(`transport parameters: ${e.message}`);
    }
    throw e;
  }
  return out as unknown as TransportParameters;
}
