import type { CallOptions, ControlPlane } from "./control-plane.ts";
import type { ApiKey } from "./types.ts";

/** `streams.apiKeys`: the org's API keys. */
export class ApiKeys {
  readonly #api: ControlPlane;

  /** @internal */
  constructor(api: ControlPlane) {
    this.#api = api;
  }

  /** A new key for the org; `secret` is returned this once (only a hash is stored). */
  create(
    params: { name: string },
    options?: CallOptions,
  ): Promise<{ apiKey: ApiKey; secret: string }> {
    return this.#api.mutation("apiKeys.create", params, options);
  }

  /** The org's keys, without secrets. */
  list(options?: CallOptions): Promise<ApiKey[]> {
    return this.#api.query("apiKeys.list", undefined, options);
  }

  /** One key by its `ak_…` id, without its secret. */
  get(params: { id: string }, options?: CallOptions): Promise<ApiKey> {
    return this.#api.query("apiKeys.get", params, options);
  }

  /** Revokes a key: requests with it fail from now on. */
  revoke(params: { id: string }, options?: CallOptions): Promise<ApiKey> {
    return this.#api.mutation("apiKeys.revoke", params, options);
  }
}
