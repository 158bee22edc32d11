import { type AuthToken, decodeAuthToken, encodeAuthToken } from "../../auth-token.ts";
import { malformed, WireEncodeError } from "../../errors.ts";
import {
  type KeyValuePair,
  keyValueListSize,
  readKeyValueList,
  writeKeyValueList,
} from "../../key-value.ts";
import type { WireReader } from "../../reader.ts";
import type { VersionProfile } from "../../version.ts";
import { varintSize } from "../../writer.ts";
import type { ControlMessageSpec } from "../spec.ts";

/** §"Setup Parameters" types; constant across versions except MOQT_IMPLEMENTATION. */
export const SetupParam = {
  PATH: 0x01,
  MAX_REQUEST_ID: 0x02,
  AUTHORIZATION_TOKEN: 0x03,
  MAX_AUTH_TOKEN_CACHE_SIZE: 0x04,
  AUTHORITY: 0x05,
} as const;

/** MOQT_IMPLEMENTATION: 0x05 in draft-14 (clashing with AUTHORITY), 0x07 in draft-16. */
const IMPLEMENTATION_TYPE = { 14: 0x05, 16: 0x07 } as const;

/** Setup Parameters of CLIENT_SETUP / SERVER_SETUP. */
export interface SetupParameters {
  readonly path?: string;
  readonly maxRequestId?: number;
  readonly authorizationTokens?: readonly AuthToken[];
  readonly maxAuthTokenCacheSize?: number;
  readonly authority?: string;
  /** MOQT_IMPLEMENTATION: name and version of the sender's implementation. */
  readonly implementation?: string;
  /** Unknown Setup Parameters, kept in wire order (receivers ignore them). */
  readonly unknown?: readonly KeyValuePair[];
}

/** CLIENT_SETUP (§"CLIENT_SETUP and SERVER_SETUP"); `versions` is draft-14 only. */
export interface ClientSetup {
  readonly kind: "clientSetup";
  readonly versions?: readonly number[];
  readonly parameters: SetupParameters;
}

/** SERVER_SETUP; `selectedVersion` is draft-14 only. */
export interface ServerSetup {
  readonly kind: "serverSetup";
  readonly selectedVersion?: number;
  readonly parameters: SetupParameters;
}

const ENC = new TextEncoder();
const DEC = new TextDecoder();

function setupPairs(s: SetupParameters, p: VersionProfile, fromClient: boolean): KeyValuePair[] {
  const out: KeyValuePair[] = [];
  if (s.path !== undefined) out.push({ type: SetupParam.PATH, value: ENC.encode(s.path) });
  if (s.maxRequestId !== undefined)
    out.push({ type: SetupParam.MAX_REQUEST_ID, value: s.maxRequestId });
  for (const t of s.authorizationTokens ?? []) {
    out.push({ type: SetupParam.AUTHORIZATION_TOKEN, value: encodeAuthToken(t) });
  }
  if (s.maxAuthTokenCacheSize !== undefined) {
    out.push({ type: SetupParam.MAX_AUTH_TOKEN_CACHE_SIZE, value: s.maxAuthTokenCacheSize });
  }
  if (s.authority !== undefined) {
    out.push({ type: SetupParam.AUTHORITY, value: ENC.encode(s.authority) });
  }
  if (s.implementation !== undefined) {
    // draft-14 reads 0x05 from a client as AUTHORITY, so only a server can send it.
    if (p.draft === 14 && (fromClient || s.authority !== undefined)) {
      throw new WireEncodeError(
        "draft-14 gives AUTHORITY and MOQT_IMPLEMENTATION the same type 0x05",
      );
    }
    out.push({ type: IMPLEMENTATION_TYPE[p.draft], value: ENC.encode(s.implementation) });
  }
  out.push(...(s.unknown ?? []));
  // draft-16 §"Key-Value-Pair Structure": delta-encoded types must ascend.
  if (p.deltaKeyValueTypes) out.sort((a, b) => a.type - b.type);
  return out;
}

function readSetupParameters(
  r: WireReader,
  p: VersionProfile,
  fromClient: boolean,
): SetupParameters {
  const start = r.pos;
  const pairs = readKeyValueList(r, p);
  const out: {
    path?: string;
    maxRequestId?: number;
    authorizationTokens?: AuthToken[];
    maxAuthTokenCacheSize?: number;
    authority?: string;
    implementation?: string;
    unknown?: KeyValuePair[];
  } = {};
  const tokens: AuthToken[] = [];
  const unknown: KeyValuePair[] = [];
  const dup = (seen: unknown, type: number) => {
    if (seen !== undefined)
      throw malformed(start, `duplicate setup parameter 0x${type.toString(16)}`);
  };
  for (const pair of pairs) {
    const { type, value } = pair;
    if (type === SetupParam.PATH) {
      dup(out.path, type);
      out.path = DEC.decode(value as Uint8Array);
    } else if (type === SetupParam.MAX_REQUEST_ID) {
      dup(out.maxRequestId, type);
      out.maxRequestId = value as number;
    } else if (type === SetupParam.AUTHORIZATION_TOKEN) {
      tokens.push(decodeAuthToken(value as Uint8Array, start));
    } else if (type === SetupParam.MAX_AUTH_TOKEN_CACHE_SIZE) {
      dup(out.maxAuthTokenCacheSize, type);
      out.maxAuthTokenCacheSize = value as number;
    } else if (type === IMPLEMENTATION_TYPE[p.draft] && !(p.draft === 14 && fromClient)) {
      // draft-14 0x05: AUTHORITY from a client, MOQT_IMPLEMENTATION from a server.
      dup(out.implementation, type);
      out.implementation = DEC.decode(value as Uint8Array);
    } else if (type === SetupParam.AUTHORITY) {
      dup(out.authority, type);
      out.authority = DEC.decode(value as Uint8Array);
    } else {
      unknown.push(pair); // §"CLIENT_SETUP and SERVER_SETUP": unknown setup parameters are ignored
    }
  }
  if (tokens.length > 0) out.authorizationTokens = tokens;
  if (unknown.length > 0) out.unknown = unknown;
  return out;
}

export const clientSetup: ControlMessageSpec<ClientSetup> = {
  kind: "clientSetup",
  types: { 14: 0x20, 16: 0x20 },
  size(m, p) {
    let n = 0;
    if (p.versionsInSetup) {
      const versions = m.versions ?? [p.version];
      n += varintSize(versions.length);
      for (const v of versions) n += varintSize(v);
    }
    return n + keyValueListSize(setupPairs(m.parameters, p, true), p);
  },
  write(w, m, p) {
    if (p.versionsInSetup) {
      // draft-14 §"CLIENT_SETUP and SERVER_SETUP": Number of Supported Versions, Supported Versions.
      const versions = m.versions ?? [p.version];
      w.varint(versions.length, "number of versions");
      for (const v of versions) w.varint(v, "supported version");
    }
    writeKeyValueList(w, setupPairs(m.parameters, p, true), p);
  },
  read(r, p) {
    if (p.versionsInSetup) {
      const at = r.pos;
      const count = r.varint("number of versions");
      if (count === 0) throw malformed(at, "CLIENT_SETUP offers no versions");
      const versions: number[] = [];
      for (let i = 0; i < count; i++) versions.push(r.varint("supported version"));
      return { kind: "clientSetup", versions, parameters: readSetupParameters(r, p, true) };
    }
    return { kind: "clientSetup", parameters: readSetupParameters(r, p, true) };
  },
};

export const serverSetup: ControlMessageSpec<ServerSetup> = {
  kind: "serverSetup",
  types: { 14: 0x21, 16: 0x21 },
  size(m, p) {
    const v = p.versionsInSetup ? varintSize(m.selectedVersion ?? p.version) : 0;
    return v + keyValueListSize(setupPairs(m.parameters, p, false), p);
  },
  write(w, m, p) {
    if (p.versionsInSetup) w.varint(m.selectedVersion ?? p.version, "selected version");
    writeKeyValueList(w, setupPairs(m.parameters, p, false), p);
  },
  read(r, p) {
    if (p.versionsInSetup) {
      const selectedVersion = r.varint("selected version");
      return { kind: "serverSetup", selectedVersion, parameters: readSetupParameters(r, p, false) };
    }
    return { kind: "serverSetup", parameters: readSetupParameters(r, p, false) };
  },
};
