import type { CallOptions, ControlPlane } from "./control-plane.ts";
import type { IngestKind, LiveInputRecord, SignedPlaybackUrl } from "./types.ts";

/** A live input with the calls that act on it. */
export class LiveInput implements LiveInputRecord {
  readonly id: string;
  readonly external_input_id: string;
  readonly org_id: string;
  readonly name: string;
  readonly ingest: IngestKind;
  readonly ingest_url: string | null;
  readonly stream_key_rotated_at: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly #api: ControlPlane;

  /** @internal Built by `streams.liveInputs`. */
  constructor(api: ControlPlane, record: LiveInputRecord) {
    this.#api = api;
    this.id = record.id;
    this.external_input_id = record.external_input_id;
    this.org_id = record.org_id;
    this.name = record.name;
    this.ingest = record.ingest;
    this.ingest_url = record.ingest_url ?? null;
    this.stream_key_rotated_at = record.stream_key_rotated_at;
    this.created_at = record.created_at;
    this.updated_at = record.updated_at;
  }

  /**
   * Mints a signed playback URL for this broadcast: a JWT from the org's active
   * signing key, TTL clamped by the server to 30 s – 24 h (default 3600 s).
   */
  signedPlaybackUrl(
    params: { ttlSeconds?: number } = {},
    options?: CallOptions,
  ): Promise<SignedPlaybackUrl> {
    return this.#api.mutation("liveInputs.signedPlaybackUrl", { id: this.id, ...params }, options);
  }

  /**
   * Replaces the stream key. The new key is returned this once; the old one
   * stops working at once.
   */
  async rotateStreamKey(options?: CallOptions): Promise<{ input: LiveInput; streamKey: string }> {
    const r = await this.#api.mutation<{ input: LiveInputRecord; streamKey: string }>(
      "liveInputs.rotateStreamKey",
      { id: this.id },
      options,
    );
    return { input: new LiveInput(this.#api, r.input), streamKey: r.streamKey };
  }

  /** The plain record (what JSON.stringify writes). */
  toJSON(): LiveInputRecord {
    return {
      id: this.id,
      external_input_id: this.external_input_id,
      org_id: this.org_id,
      name: this.name,
      ingest: this.ingest,
      ingest_url: this.ingest_url,
      stream_key_rotated_at: this.stream_key_rotated_at,
      created_at: this.created_at,
      updated_at: this.updated_at,
    };
  }
}
