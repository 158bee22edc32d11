// The broadcast catalog (seed "The catalog"; a subset of draft-ietf-moq-catalogformat):
// which tracks a stream has, their codec, size and CMAF init segment.
import { ClutchCallError } from "../errors.ts";

/** One media track of a broadcast: a video rendition or the audio. */
export interface CatalogTrack {
  /** Track name within the stream's namespace, e.g. "video/720p", "audio". */
  readonly name: string;
  readonly kind: "video" | "audio";
  /** RFC 6381 codec string, e.g. "avc1.42E01F", "opus", "mp4a.40.2". */
  readonly codec: string;
  /**
   * Payload encapsulation (catalogformat "packaging"): "cmaf" — each Object is
   * a CMAF chunk (`moof`+`mdat`: one frame from the browser publisher, a whole
   * fragment from a packager), decodable after the track's `initData`.
   */
  readonly packaging?: "cmaf" | "loc";
  readonly width?: number;
  readonly height?: number;
  /** Target bitrate in bits per second. */
  readonly bitrate?: number;
  readonly sampleRate?: number;
  readonly channels?: number;
  /** The CMAF init segment (ftyp + moov), base64 (catalogformat "initData"). */
  readonly initData?: string;
}

/** The catalog document carried on the `.catalog` track (live) or as catalog.json (VOD). */
export interface Catalog {
  readonly version: 1;
  readonly live: boolean;
  readonly tracks: readonly CatalogTrack[];
}

/** Name of the in-band catalog track (seed "Wire model"). */
export const CATALOG_TRACK = ".catalog";

/** A catalog that does not have the seed's shape. */
export class CatalogError extends ClutchCallError {
  constructor(message: string) {
    super("invalid_catalog", message, { fatal: true });
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function positive(t: Record<string, unknown>, key: string, where: string): void {
  const v = t[key];
  if (v !== undefined && !(typeof v === "number" && Number.isInteger(v) && v > 0)) {
    throw new CatalogError(`${where}.${key} must be a positive integer, got ${JSON.stringify(v)}`);
  }
}

function checkTrack(t: unknown, i: number): CatalogTrack {
  const where = `tracks[${i}]`;
  if (!isObject(t)) throw new CatalogError(`${where} must be an object`);
  if (typeof t.name !== "string" || t.name === "") {
    throw new CatalogError(`${where}.name must be a non-empty string`);
  }
  if (t.kind !== "video" && t.kind !== "audio") {
    throw new CatalogError(`${where}.kind must be "video" or "audio"`);
  }
  if (typeof t.codec !== "string" || t.codec === "") {
    throw new CatalogError(`${where}.codec must be a non-empty string`);
  }
  for (const k of ["width", "height", "bitrate", "sampleRate", "channels"]) positive(t, k, where);
  if (t.packaging !== undefined && t.packaging !== "cmaf" && t.packaging !== "loc") {
    throw new CatalogError(`${where}.packaging must be "cmaf" or "loc"`);
  }
  if (t.initData !== undefined && typeof t.initData !== "string") {
    throw new CatalogError(`${where}.initData must be a base64 string`);
  }
  return t as unknown as CatalogTrack;
}

/** Checks a parsed JSON value against the catalog shape; throws CatalogError saying what is wrong. */
export function validateCatalog(value: unknown): Catalog {
  if (!isObject(value)) throw new CatalogError("a catalog must be a JSON object");
  if (value.version !== 1)
    throw new CatalogError(`unsupported catalog version ${String(value.version)}`);
  if (typeof value.live !== "boolean") throw new CatalogError("catalog.live must be a boolean");
  if (!Array.isArray(value.tracks)) throw new CatalogError("catalog.tracks must be an array");
  const tracks = value.tracks.map(checkTrack);
  const names = new Set<string>();
  for (const t of tracks) {
    if (names.has(t.name)) throw new CatalogError(`duplicate track name ${t.name}`);
    names.add(t.name);
  }
  return { version: 1, live: value.live, tracks };
}

/** Parses catalog JSON (text or UTF-8 bytes). */
export function parseCatalog(json: string | Uint8Array): Catalog {
  const text = typeof json === "string" ? json : new TextDecoder().decode(json);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new CatalogError(`catalog is not JSON: ${(e as Error).message}`);
  }
  return validateCatalog(value);
}

/** Serializes a catalog to the bytes published on the `.catalog` track. */
export function encodeCatalog(catalog: Catalog): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(validateCatalog(catalog)));
}

/** What changed between two catalogs, by track name. */
export interface CatalogDiff {
  readonly added: readonly CatalogTrack[];
  readonly removed: readonly CatalogTrack[];
  /** Tracks present in both whose fields differ (the new version). */
  readonly changed: readonly CatalogTrack[];
}

const sameTrack = (a: CatalogTrack, b: CatalogTrack) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof CatalogTrack>;
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
};

/** Compares two catalogs (`before` may be undefined: everything is added). */
export function diffCatalog(before: Catalog | undefined, after: Catalog): CatalogDiff {
  const old = new Map((before?.tracks ?? []).map((t) => [t.name, t]));
  const now = new Map(after.tracks.map((t) => [t.name, t]));
  return {
    added: after.tracks.filter((t) => !old.has(t.name)),
    removed: [...old.values()].filter((t) => !now.has(t.name)),
    changed: after.tracks.filter((t) => {
      const o = old.get(t.name);
      return o !== undefined && !sameTrack(o, t);
    }),
  };
}

/** The video renditions of a catalog, highest first (by height, then bitrate). */
export function videoRenditions(catalog: Catalog): CatalogTrack[] {
  return catalog.tracks
    .filter((t) => t.kind === "video")
    .sort((a, b) => (b.height ?? 0) - (a.height ?? 0) || (b.bitrate ?? 0) - (a.bitrate ?? 0));
}

/** base64 of bytes (for initData). */
export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

/** Bytes of a base64 string (initData); throws CatalogError when malformed. */
export function fromBase64(text: string): Uint8Array {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    throw new CatalogError("initData is not valid base64");
  }
}
