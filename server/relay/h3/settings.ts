import { encodeFrame, FrameType } from "./frame.ts";
import { ByteReader } from "./reader.ts";
import { varintSize, writeVarint } from "./varint.ts";

/** HTTP/3 setting identifiers used by WebTransport servers. */
export const SettingId = {
  /** RFC 9204 §5: QPACK_MAX_TABLE_CAPACITY (0 = no dynamic table). */
  QPACK_MAX_TABLE_CAPACITY: 0x01,
  /** RFC 9114 §7.2.4.1: SETTINGS_MAX_FIELD_SECTION_SIZE. */
  MAX_FIELD_SECTION_SIZE: 0x06,
  /** RFC 9204 §5: QPACK_BLOCKED_STREAMS. */
  QPACK_BLOCKED_STREAMS: 0x07,
  /** RFC 9220 §3: SETTINGS_ENABLE_CONNECT_PROTOCOL. */
  ENABLE_CONNECT_PROTOCOL: 0x08,
  /** RFC 9297 §5.1: SETTINGS_H3_DATAGRAM. */
  H3_DATAGRAM: 0x33,
  /** draft-ietf-masque-h3-datagram-04 codepoint, still sent by older clients. */
  H3_DATAGRAM_DRAFT04: 0xffd277,
  /** draft-ietf-webtrans-http3-02: SETTINGS_ENABLE_WEBTRANSPORT. */
  ENABLE_WEBTRANSPORT_DRAFT02: 0x2b603742,
  /** draft-ietf-webtrans-http3-07: SETTINGS_WEBTRANSPORT_MAX_SESSIONS. */
  WEBTRANSPORT_MAX_SESSIONS_DRAFT07: 0xc671706a,
  /** draft-ietf-webtrans-http3 (latest) §9.2: SETTINGS_WT_ENABLED. */
  WT_ENABLED: 0x2c7cf000,
  /** draft-ietf-webtrans-http3 §9.2: SETTINGS_WT_INITIAL_MAX_STREAMS_UNI. */
  WT_INITIAL_MAX_STREAMS_UNI: 0x2b64,
  /** draft-ietf-webtrans-http3 §9.2: SETTINGS_WT_INITIAL_MAX_STREAMS_BIDI. */
  WT_INITIAL_MAX_STREAMS_BIDI: 0x2b65,
  /** draft-ietf-webtrans-http3 §9.2: SETTINGS_WT_INITIAL_MAX_DATA. */
  WT_INITIAL_MAX_DATA: 0x2b61,
} as const;

/** A SETTINGS frame's parameters, identifier to value, in wire order. */
export type Settings = ReadonlyMap<number, number>;

/**
 * Settings a WebTransport server announces: extended CONNECT, HTTP datagrams
 * and WebTransport support under each draft codepoint that browsers look for.
 * No dynamic QPACK table, so requests only use static and literal fields.
 */
export function webTransportServerSettings(maxSessions = 1): Settings {
  return new Map<number, number>([
    [SettingId.QPACK_MAX_TABLE_CAPACITY, 0],
    [SettingId.QPACK_BLOCKED_STREAMS, 0],
    [SettingId.ENABLE_CONNECT_PROTOCOL, 1],
    [SettingId.H3_DATAGRAM, 1],
    [SettingId.H3_DATAGRAM_DRAFT04, 1],
    [SettingId.ENABLE_WEBTRANSPORT_DRAFT02, 1],
    [SettingId.WEBTRANSPORT_MAX_SESSIONS_DRAFT07, maxSessions],
    [SettingId.WT_ENABLED, 1],
  ]);
}

/** Encodes a whole SETTINGS frame (RFC 9114 §7.2.4). */
export function encodeSettingsFrame(settings: Settings): Uint8Array {
  let size = 0;
  for (const [id, value] of settings) size += varintSize(id) + varintSize(value);
  const payload = new Uint8Array(size);
  let offset = 0;
  for (const [id, value] of settings) {
    offset = writeVarint(payload, offset, id); // RFC 9114 §7.2.4 Identifier (i)
    offset = writeVarint(payload, offset, value); // RFC 9114 §7.2.4 Value (i)
  }
  if (offset !== size) throw new Error("SETTINGS size mismatch");
  return encodeFrame(FrameType.SETTINGS, payload);
}

/**
 * Decodes a SETTINGS payload (RFC 9114 §7.2.4). Throws on a repeated
 * identifier, which is a connection error of type H3_SETTINGS_ERROR.
 * Identifiers above 2^53-1 (reserved GREASE values) are dropped.
 */
export function decodeSettings(payload: Uint8Array): Settings {
  const reader = new ByteReader(payload);
  const settings = new Map<number, number>();
  while (reader.remaining > 0) {
    const id = reader.varint();
    const value = reader.varint();
    if (!Number.isSafeInteger(id)) continue; // RFC 9114 §7.2.4.1: reserved, ignored
    if (settings.has(id)) throw new Error(`duplicate setting 0x${id.toString(16)}`);
    settings.set(id, value);
  }
  return settings;
}

/** Whether a peer's SETTINGS allow HTTP datagrams (RFC 9297 §2.1.1). */
export function peerSupportsDatagrams(settings: Settings): boolean {
  return (
    settings.get(SettingId.H3_DATAGRAM) === 1 || settings.get(SettingId.H3_DATAGRAM_DRAFT04) === 1
  );
}
