// The control plane's records, as the engine sends them.

/** Ingest protocols of a live input (`rtmp`, `srt`, `whip` or `fmp4`). */
export type IngestKind = "rtmp" | "srt" | "whip" | "fmp4";

/** A live input's fields. Its stream key is never part of it. */
export interface LiveInputRecord {
  /** `li_…`: the control plane's id. */
  readonly id: string;
  /** `lv_…`: what publishers and viewers address (`/publish/<id>`, `/playback/<id>`). */
  readonly external_input_id: string;
  readonly org_id: string;
  readonly name: string;
  readonly ingest: IngestKind;
  /**
   * Where the encoder sends, with `/<streamKey>` appended: `rtmp://HOST:P/live/<lv_…>`
   * (RTMP server URL; the key is the stream name) or `srt://HOST:P?streamid=<lv_…>`;
   * null when the engine runs no such ingest, or for `whip`/`fmp4` inputs.
   */
  readonly ingest_url: string | null;
  readonly stream_key_rotated_at: string;
  readonly created_at: string;
  readonly updated_at: string;
}

/** A signed playback URL: the relay URL with `?tok=<jwt>`, the token, and its expiry (ISO-8601). */
export interface SignedPlaybackUrl {
  readonly url: string;
  readonly token: string;
  readonly expiresAt: string;
}

/** JWS algorithms of signing keys: Ed25519 (`EdDSA`, the default) or `RS256`. */
export type SigningAlgorithm = "EdDSA" | "RS256";

/** An org's playback signing key; only its public half ever leaves the engine. */
export interface SigningKey {
  /** `sig_…`, also the `kid` of the tokens it signs. */
  readonly id: string;
  readonly org_id: string;
  readonly alg: SigningAlgorithm;
  /** The public key as a JWK (`kid`, `alg`, `use: "sig"`). */
  readonly public_jwk: Readonly<Record<string, unknown>>;
  readonly created_at: string;
  readonly revoked_at: string | null;
}

/** An API key as listed: never its secret. */
export interface ApiKey {
  /** `ak_…`. */
  readonly id: string;
  readonly org_id: string;
  readonly name: string;
  /** The first characters of the secret, to tell keys apart. */
  readonly prefix: string;
  readonly created_at: string;
  readonly revoked_at: string | null;
}

/** Where an asset is in its life. */
export type AssetStatus = "waiting_upload" | "uploading" | "processing" | "ready" | "failed";

/** Why packaging failed (status `failed`). */
export type AssetFailureReason =
  | "not_a_video"
  | "unsupported_codec"
  | "corrupt"
  | "packaging_failed";

/** A VOD asset. */
export interface Asset {
  /** `as_…`. */
  readonly id: string;
  readonly org_id: string;
  readonly name: string;
  /** `pb_…`: what viewers play. */
  readonly playback_id: string;
  readonly status: AssetStatus;
  readonly size_bytes: number | null;
  readonly duration_seconds: number | null;
  /** Why packaging failed (status `failed`). */
  readonly failure_reason: AssetFailureReason | null;
  /** What exactly went wrong, for people. */
  readonly failure_message: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

/** One broadcast's numbers (capability `media.broadcast`). */
export interface BroadcastAnalytics {
  /** `bc_…`. */
  readonly id: string;
  readonly input_id: string;
  readonly external_input_id: string;
  readonly capability: string;
  readonly started_at: string;
  /** null while live. */
  readonly ended_at: string | null;
  readonly current_viewers: number;
  readonly peak_viewers: number;
  readonly bytes_in: number;
  readonly bytes_out: number;
  readonly viewer_seconds: number;
}
