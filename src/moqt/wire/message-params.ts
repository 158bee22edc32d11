import { type AuthToken, decodeAuthToken, encodeAuthToken } from "./auth-token.ts";
import { malformed, WireEncodeError } from "./errors.ts";
import {
  type KeyValuePair,
  keyValueListSize,
  readKeyValueList,
  writeKeyValueList,
} from "./key-value.ts";
import { MessageParam } from "./message-param-types.ts";
import type { WireReader } from "./reader.ts";
import type { VersionProfile } from "./version.ts";
import type { WireWriter } from "./writer.ts";

export { MessageParam };

const KNOWN_D14 = new Set<number>([0x02, 0x03, 0x04, 0x4352]);
const KNOWN_D16 = new Set<number>([0x02, 0x03, 0x08, 0x09, 0x10, 0x20, 0x21, 0x22, 0x32, 0x4352]);

/** Parameters common to many control messages. */
export interface MessageParameters {
  /** AUTHORIZATION TOKEN (0x03); may repeat. */
  readonly authorizationTokens?: readonly AuthToken[];
  /** DELIVERY TIMEOUT (0x02) in milliseconds. */
  readonly deliveryTimeoutMs?: number;
  /** MAX CACHE DURATION (0x04) in milliseconds; draft-14 only. */
  readonly maxCacheDurationMs?: number;
  /**
   * RENDEZVOUS_TIMEOUT (0x4352) in milliseconds, on SUBSCRIBE: how long a relay may hold
   * the request while no publisher exists (capped by the relay's own limit). Absent or 0:
   * DOES_NOT_EXIST at once. A draft-16 peer that does not know the type closes the
   * session, so send it only to relays known to speak it.
   */
  readonly rendezvousTimeoutMs?: number;
  /**
   * Parameters not mapped for this message, in wire order: unknown types in
   * draft-14 (ignored by receivers), or draft-16 types defined for other messages.
   */
  readonly unknown?: readonly KeyValuePair[];
}

/** Decoded parameter list: the common ones plus the pairs a message maps to its own fields. */
export interface ParsedParameters {
  readonly params: MessageParameters;
  /** draft-16 pairs whose types the message listed as its own (at most one of each). */
  readonly lifted: ReadonlyMap<number, KeyValuePair>;
}

/**
 * Reads `Number of Parameters (i)` + pairs. `ownTypes` are draft-16 parameter types
 * that the calling message maps to fields of its own (e.g. SUBSCRIBER_PRIORITY).
 */
export function readMessageParameters(
  r: WireReader,
  p: VersionProfile,
  ownTypes: readonly number[] = [],
): ParsedParameters {
  const start = r.pos;
  const pairs = readKeyValueList(r, p);
  const known = p.draft === 16 ? KNOWN_D16 : KNOWN_D14;
  const tokens: AuthToken[] = [];
  const unknown: KeyValuePair[] = [];
  const lifted = new Map<number, KeyValuePair>();
  let deliveryTimeoutMs: number | undefined;
  let maxCacheDurationMs: number | undefined;
  let rendezvousTimeoutMs: number | undefined;
  for (const pair of pairs) {
    const { type, value } = pair;
    if (!known.has(type)) {
      // draft-16 §"Parameters": an unknown Message Parameter closes the session.
      if (p.draft === 16)
        throw malformed(start, `unknown message parameter 0x${type.toString(16)}`);
      unknown.push(pair);
      continue;
    }
    const once = (seen: unknown) => {
      if (seen !== undefined) throw malformed(start, `duplicate parameter 0x${type.toString(16)}`);
    };
    if (type === MessageParam.AUTHORIZATION_TOKEN) {
      tokens.push(decodeAuthToken(value as Uint8Array, start));
    } else if (type === MessageParam.DELIVERY_TIMEOUT) {
      once(deliveryTimeoutMs);
      // draft-16 §"DELIVERY TIMEOUT Parameter": a value of 0 is a PROTOCOL_VIOLATION.
      if (p.draft === 16 && value === 0) throw malformed(start, "DELIVERY_TIMEOUT must be > 0");
      deliveryTimeoutMs = value as number;
    } else if (type === MessageParam.MAX_CACHE_DURATION && p.draft === 14) {
      once(maxCacheDurationMs);
      maxCacheDurationMs = value as number;
    } else if (type === MessageParam.RENDEZVOUS_TIMEOUT) {
      once(rendezvousTimeoutMs);
      rendezvousTimeoutMs = value as number;
    } else if (p.draft === 16 && ownTypes.includes(type)) {
      once(lifted.get(type));
      lifted.set(type, pair);
    } else {
      unknown.push(pair);
    }
  }
  const params: {
    authorizationTokens?: AuthToken[];
    deliveryTimeoutMs?: number;
    maxCacheDurationMs?: number;
    rendezvousTimeoutMs?: number;
    unknown?: KeyValuePair[];
  } = {};
  if (tokens.length > 0) params.authorizationTokens = tokens;
  if (deliveryTimeoutMs !== undefined) params.deliveryTimeoutMs = deliveryTimeoutMs;
  if (maxCacheDurationMs !== undefined) params.maxCacheDurationMs = maxCacheDurationMs;
  if (rendezvousTimeoutMs !== undefined) params.rendezvousTimeoutMs = rendezvousTimeoutMs;
  if (unknown.length > 0) params.unknown = unknown;
  return { params, lifted };
}

/**
 * The wire pairs for `params` plus a message's own draft-16 pairs: known types in
 * ascending order (required by draft-16's delta encoding), then draft-14 unknowns.
 */
export function messageParameterPairs(
  params: MessageParameters | undefined,
  own: readonly KeyValuePair[],
  p: VersionProfile,
): KeyValuePair[] {
  const out: KeyValuePair[] = [...own];
  if (params?.deliveryTimeoutMs !== undefined) {
    // draft-16 §"DELIVERY TIMEOUT Parameter": a value of 0 is a PROTOCOL_VIOLATION.
    if (p.draft === 16 && params.deliveryTimeoutMs === 0) {
      throw new WireEncodeError("DELIVERY_TIMEOUT must be greater than 0");
    }
    out.push({ type: MessageParam.DELIVERY_TIMEOUT, value: params.deliveryTimeoutMs });
  }
  for (const t of params?.authorizationTokens ?? []) {
    out.push({ type: MessageParam.AUTHORIZATION_TOKEN, value: encodeAuthToken(t) });
  }
  if (params?.maxCacheDurationMs !== undefined) {
    if (p.draft !== 14) {
      throw new WireEncodeError(
        "MAX_CACHE_DURATION is a draft-14 parameter (a track extension in draft-16)",
      );
    }
    out.push({ type: MessageParam.MAX_CACHE_DURATION, value: params.maxCacheDurationMs });
  }
  if (params?.rendezvousTimeoutMs !== undefined) {
    out.push({ type: MessageParam.RENDEZVOUS_TIMEOUT, value: params.rendezvousTimeoutMs });
  }
  const unknown = params?.unknown ?? [];
  if (p.draft === 16) {
    out.push(...unknown);
    for (const u of unknown) {
      if (!KNOWN_D16.has(u.type)) {
        throw new WireEncodeError(
          `draft-16 forbids unknown message parameter 0x${u.type.toString(16)}`,
        );
      }
    }
  }
  out.sort((a, b) => a.type - b.type); // stable: repeated types keep their order
  if (p.draft === 14) out.push(...unknown);
  return out;
}

export function messageParametersSize(pairs: readonly KeyValuePair[], p: VersionProfile): number {
  return keyValueListSize(pairs, p);
}

export function writeMessageParameters(
  w: WireWriter,
  pairs: readonly KeyValuePair[],
  p: VersionProfile,
): void {
  writeKeyValueList(w, pairs, p);
}
