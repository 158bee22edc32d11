import type { CallOptions, ControlPlane } from "./control-plane.ts";
import type { SigningAlgorithm, SigningKey } from "./types.ts";

/** `streams.signingKeys`: the org's playback signing keys. */
export class SigningKeys {
  readonly #api: ControlPlane;

  /** @internal */
  constructor(api: ControlPlane) {
    this.#api = api;
  }

  /** A new key (Ed25519 by default); tokens minted from now on are signed with it. */
  create(params: { alg?: SigningAlgorithm } = {}, options?: CallOptions): Promise<SigningKey> {
    return this.#api.mutation("signingKeys.create", params, options);
  }

  /** The org's keys, newest first (public JWKs only). */
  list(options?: CallOptions): Promise<SigningKey[]> {
    return this.#api.query("signingKeys.list", undefined, options);
  }

  /** Revokes a key: every token it signed is refused by the relay from now on. */
  revoke(params: { id: string }, options?: CallOptions): Promise<SigningKey> {
    return this.#api.mutation("signingKeys.revoke", params, options);
  }
}
