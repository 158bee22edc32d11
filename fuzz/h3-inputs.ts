// Malformed HTTP/3 and WebTransport input, as byte builders over the relay's own
// h3 encoders: mutated SETTINGS and control streams, unknown and QPACK stream
// types with dynamic-table abuse, bad field sections, oversized and truncated
// frames and capsules, CONNECT requests that break the extended-CONNECT rules,
// streams and datagrams naming sessions that do not exist.
import { CapsuleType, encodeCapsule, encodeCloseSession } from "../server/relay/h3/capsule.ts";
import { encodeFrame, FrameType, UniStreamType } from "../server/relay/h3/frame.ts";
import { encodeFieldSection, type FieldLine } from "../server/relay/h3/qpack.ts";
import { encodeSettingsFrame, SettingId } from "../server/relay/h3/settings.ts";
import { encodeVarint } from "../server/relay/h3/varint.ts";
import { mutate, type Rng } from "./mutate.ts";

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.below(items.length)]!;

function noise(rng: Rng, max: number): Uint8Array {
  const out = new Uint8Array(rng.below(max + 1));
  for (let i = 0; i < out.length; i++) out[i] = rng.below(256);
  return out;
}

/** A varint at a size edge: 0, 63, 64, 16383, 2^30 − 1, 2^53 − 1. */
function edgeVarint(rng: Rng): Uint8Array {
  return encodeVarint(pick(rng, [0, 63, 64, 16_383, 2 ** 30 - 1, 2 ** 53 - 1]));
}

/** The client's SETTINGS (RFC 9114 §7.2.4): datagrams and WebTransport on. */
export const CLIENT_SETTINGS = encodeSettingsFrame(
  new Map([
    [SettingId.H3_DATAGRAM, 1],
    [SettingId.ENABLE_WEBTRANSPORT_DRAFT02, 1],
    [SettingId.WT_ENABLED, 1],
  ]),
);

/** A control stream: type 0x00 then SETTINGS (RFC 9114 §6.2.1). */
export const CONTROL_STREAM = concat(Uint8Array.of(UniStreamType.CONTROL), CLIENT_SETTINGS);

/** The field lines of a WebTransport extended CONNECT (RFC 9220 §3, draft-ietf-webtrans-http3 §3.2). */
export function connectFields(path = "/moq"): FieldLine[] {
  return [
    [":method", "CONNECT"],
    [":protocol", "webtransport-h3"],
    [":scheme", "https"],
    [":authority", "localhost"],
    [":path", path],
    ["origin", "http://localhost"],
    ["wt-available-protocols", '"moqt-16", "moqt-14"'],
  ];
}

/** A HEADERS frame carrying `fields`. */
export const headersFrame = (fields: readonly FieldLine[]) =>
  encodeFrame(FrameType.HEADERS, encodeFieldSection(fields));

/** Control-stream bytes after the stream type: mutated SETTINGS, repeats, frames not allowed there. */
export function controlStream(rng: Rng): Uint8Array {
  switch (rng.below(5)) {
    case 0:
      return concat(Uint8Array.of(UniStreamType.CONTROL), mutate(CLIENT_SETTINGS, rng));
    case 1: // SETTINGS twice (RFC 9114 §7.2.4: H3_FRAME_UNEXPECTED)
      return concat(CONTROL_STREAM, CLIENT_SETTINGS);
    case 2: // a first frame that is not SETTINGS (§6.2.1: H3_MISSING_SETTINGS)
      return concat(
        Uint8Array.of(UniStreamType.CONTROL),
        encodeFrame(FrameType.GOAWAY, noise(rng, 9)),
      );
    case 3: // DATA or HEADERS on the control stream (§7.2.1, §7.2.2)
      return concat(
        CONTROL_STREAM,
        encodeFrame(pick(rng, [FrameType.DATA, FrameType.HEADERS]), noise(rng, 32)),
      );
    default: // a frame that claims far more than is sent
      return concat(CONTROL_STREAM, encodeVarint(0x21), edgeVarint(rng), noise(rng, 16));
  }
}

/** A unidirectional stream of an unknown, reserved, push or QPACK type with junk or table abuse. */
export function uniStream(rng: Rng): Uint8Array {
  switch (rng.below(4)) {
    case 0: // reserved (0x1f × N + 0x21, RFC 9114 §6.2.3) or any other unknown type
      return concat(encodeVarint(0x1f * rng.below(1000) + 0x21), noise(rng, 64));
    case 1: // push stream from a client (§6.2.2: H3_STREAM_CREATION_ERROR)
      return concat(Uint8Array.of(UniStreamType.PUSH), noise(rng, 16));
    case 2: {
      // QPACK encoder stream (RFC 9204 §4.3) with a dynamic table the relay said it has none of
      const instructions = pick(rng, [
        Uint8Array.of(0x3f, 0xff, 0xff, 0xff, 0x0f), // §4.3.1 Set Dynamic Table Capacity, huge
        Uint8Array.of(0x5f, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x41), // §4.3.3 Insert With Literal Name, huge name length
        Uint8Array.of(0xc0 | 0x11, 0x7f, 0xff, 0xff, 0xff, 0x0f), // §4.3.2 Insert With Name Reference, huge value
        Uint8Array.of(0x1f, 0xff, 0xff, 0x03), // §4.3.4 Duplicate of an entry that does not exist
      ]);
      return concat(Uint8Array.of(UniStreamType.QPACK_ENCODER), mutate(instructions, rng));
    }
    default: // QPACK decoder stream (§4.4) acknowledging sections never sent
      return concat(Uint8Array.of(UniStreamType.QPACK_DECODER), noise(rng, 24));
  }
}

/** A field section that is not valid QPACK, or asks for a dynamic table that does not exist. */
export function badFieldSection(rng: Rng): Uint8Array {
  const valid = encodeFieldSection(connectFields());
  switch (rng.below(5)) {
    case 0:
      return mutate(valid, rng);
    case 1: // Required Insert Count > 0 with no dynamic table (RFC 9204 §4.5.1.1)
      return concat(Uint8Array.of(0xff, 0xff, 0x03, 0x00), valid.subarray(2));
    case 2: // a literal whose length prefix promises gigabytes (§4.5.6)
      return concat(valid, Uint8Array.of(0x27, 0xff, 0xff, 0xff, 0xff, 0x0f), noise(rng, 8));
    case 3: // a Huffman literal that is not a valid code (§4.1.2, RFC 7541 §5.2)
      return concat(valid, Uint8Array.of(0x5f, 0x1d, 0x84), noise(rng, 4).fill(0xff));
    default: // a dynamic-table reference (§4.5.2 T=0, §4.5.3 post-base)
      return concat(
        valid.subarray(0, 2),
        Uint8Array.of(pick(rng, [0x80, 0x10, 0x81])),
        valid.subarray(2),
      );
  }
}

/** CONNECT requests that break RFC 9220 / RFC 9114 §4.3 rules, validly encoded. */
export function badConnect(rng: Rng): FieldLine[] {
  const fields = connectFields();
  switch (rng.below(8)) {
    case 0:
      return fields.filter(([n]) => n !== ":protocol");
    case 1:
      return fields.map(([n, v]) => (n === ":method" ? [n, "GET"] : [n, v]));
    case 2:
      return fields.map(([n, v]) => (n === ":path" ? [n, "moq".repeat(rng.below(3000))] : [n, v]));
    case 3:
      return fields.filter(([n]) => n !== ":authority");
    case 4: // a pseudo-header twice, or after a regular field (§4.3)
      return [...fields, [":path", "/other"]];
    case 5:
      return [...fields, ["X-Upper", "case"]];
    case 6: // a structured field that does not parse
      return fields.map(([n, v]) =>
        n === "wt-available-protocols" ? [n, '"moqt-16, ("'] : [n, v],
      );
    default: // thousands of fields (SETTINGS_MAX_FIELD_SECTION_SIZE abuse)
      return [
        ...fields,
        ...Array.from({ length: 2000 }, (_, i): FieldLine => [`x-${i}`, "y".repeat(64)]),
      ];
  }
}

/** Bytes on a request stream: HEADERS that do not decode, bad CONNECTs, frames out of order or oversized. */
export function requestStream(rng: Rng): Uint8Array {
  switch (rng.below(6)) {
    case 0:
      return encodeFrame(FrameType.HEADERS, badFieldSection(rng));
    case 1:
      return headersFrame(badConnect(rng));
    case 2: // DATA before HEADERS (RFC 9114 §4.1: H3_FRAME_UNEXPECTED)
      return concat(encodeFrame(FrameType.DATA, noise(rng, 32)), headersFrame(connectFields()));
    case 3: // SETTINGS on a request stream (§7.2.4)
      return concat(CLIENT_SETTINGS, headersFrame(connectFields()));
    case 4: // a HEADERS frame that claims up to 2^53 bytes
      return concat(encodeVarint(FrameType.HEADERS), edgeVarint(rng), noise(rng, 32));
    default:
      return mutate(headersFrame(connectFields()), rng);
  }
}

/** Bytes after an accepted CONNECT, on its stream: capsules unknown, truncated, oversized or mutated. */
export function capsuleStream(rng: Rng): Uint8Array {
  const close = encodeCapsule(
    CapsuleType.CLOSE_WEBTRANSPORT_SESSION,
    encodeCloseSession({ closeCode: rng.below(2 ** 32), reason: "fuzz" }),
  );
  switch (rng.below(6)) {
    case 0: // unknown capsule types (RFC 9297 §3.2: skipped)
      return encodeFrame(
        FrameType.DATA,
        encodeCapsule(0x1f * rng.below(99) + 0x21, noise(rng, 64)),
      );
    case 1: // a capsule cut short, then FIN
      return encodeFrame(FrameType.DATA, close.subarray(0, 1 + rng.below(close.length - 1)));
    case 2: // a capsule that claims up to 2^53 bytes
      return encodeFrame(
        FrameType.DATA,
        concat(encodeVarint(CapsuleType.DATAGRAM), edgeVarint(rng), noise(rng, 32)),
      );
    case 3: // a close message over 1024 bytes (draft-ietf-webtrans-http3 §6)
      return encodeFrame(
        FrameType.DATA,
        encodeCapsule(
          CapsuleType.CLOSE_WEBTRANSPORT_SESSION,
          new Uint8Array(4 + 1025 + rng.below(4000)),
        ),
      );
    case 4: // drain, then bytes after the close (§4.6, §6)
      return encodeFrame(
        FrameType.DATA,
        concat(
          encodeCapsule(CapsuleType.DRAIN_WEBTRANSPORT_SESSION, new Uint8Array()),
          close,
          noise(rng, 8),
        ),
      );
    default:
      return mutate(encodeFrame(FrameType.DATA, close), rng);
  }
}

/** A WebTransport stream header naming `sessionId`, on a uni (0x54) or bidi (0x41) stream. */
export function wtStreamHeader(bidi: boolean, sessionId: number): Uint8Array {
  return concat(
    encodeVarint(bidi ? FrameType.WT_STREAM : UniStreamType.WEBTRANSPORT),
    encodeVarint(sessionId),
  );
}

/** A session id no CONNECT opened: random, odd, or far ahead of any request stream. */
export function unknownSessionId(rng: Rng): number {
  return pick(rng, [4 * (1000 + rng.below(1_000_000)), 1 + 4 * rng.below(100), 2 ** 50]);
}

/** A datagram: a quarter stream id (RFC 9297 §2.1) of no session, or junk. */
export function strayDatagram(rng: Rng): Uint8Array {
  return rng.below(2) === 0
    ? concat(encodeVarint(Math.floor(unknownSessionId(rng) / 4)), noise(rng, 64))
    : noise(rng, 32);
}
