import type { CallOptions, ControlPlane } from "./control-plane.ts";
import { LiveInput } from "./live-input.ts";
import type { IngestKind, LiveInputRecord } from "./types.ts";

/** `streams.liveInputs`: create, read, update and delete live inputs. */
export class LiveInputs {
  readonly #api: ControlPlane;

  /** @internal */
  constructor(api: ControlPlane) {
    this.#api = api;
  }

  /**
   * Creates a live input. `streamKey` is returned this once (only a hash is
   * stored): persist it now.
   */
  async create(
    params: { name: string; ingest: IngestKind },
    options?: CallOptions,
  ): Promise<{ input: LiveInput; streamKey: string }> {
    const api = this.#api;
    const r = await api.mutation<{ input: LiveInputRecord; streamKey: string }>(
      "liveInputs.create",
      params,
      options,
    );
    return { input: new LiveInput(api, r.input), streamKey: r.streamKey };
  }

  /** One input by its `li_…` (or `lv_…`) id. */
  async get(params: { id: string }, options?: CallOptions): Promise<LiveInput> {
    const api = this.#api;
    return new LiveInput(api, await api.query<LiveInputRecord>("liveInputs.get", params, options));
  }

  /** The org's inputs, newest first. */
  async list(options?: CallOptions): Promise<LiveInput[]> {
    const api = this.#api;
    const all = await api.query<LiveInputRecord[]>("liveInputs.list", undefined, options);
    return all.map((r) => new LiveInput(api, r));
  }

  /** Renames an input. */
  async update(params: { id: string; name?: string }, options?: CallOptions): Promise<LiveInput> {
    const api = this.#api;
    return new LiveInput(
      api,
      await api.mutation<LiveInputRecord>("liveInputs.update", params, options),
    );
  }

  /** Deletes an input: its stream key and playback tokens stop working. */
  delete(params: { id: string }, options?: CallOptions): Promise<{ id: string; deleted: true }> {
    return this.#api.mutation("liveInputs.delete", params, options);
  }
}
