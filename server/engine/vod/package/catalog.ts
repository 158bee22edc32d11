// The VOD catalog.json: the seed's catalog shape (version, live, tracks with
// name, kind, codec and media fields), plus per track the init segment and the
// fragment list a player needs to seek (paths relative to catalog.json).

/** One fragment of a VOD track. */
export interface VodSegment {
  /** Path relative to catalog.json. */
  readonly url: string;
  readonly startUs: number;
  readonly durationUs: number;
  readonly bytes: number;
}

/** One track of a VOD catalog. */
export interface VodTrack {
  readonly name: string;
  readonly kind: "video" | "audio";
  /** RFC 6381 codec string. */
  readonly codec: string;
  readonly width?: number;
  readonly height?: number;
  readonly sampleRate?: number;
  readonly channels?: number;
  /** Average bits per second over the whole track. */
  readonly bitrate: number;
  /** The CMAF init segment (ftyp+moov), relative to catalog.json. */
  readonly initSegment: string;
  /** The same init segment inline, base64 (draft-ietf-moq-catalogformat "initData"), as live catalogs carry it. */
  readonly initData: string;
  readonly segments: readonly VodSegment[];
}

/** The catalog.json of a packaged asset. */
export interface VodCatalog {
  readonly version: 1;
  readonly live: false;
  readonly durationUs: number;
  readonly tracks: readonly VodTrack[];
}

/** The catalog file name inside an asset's package directory. */
export const CATALOG_FILE = "catalog.json";
