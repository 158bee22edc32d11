// `Voice`: the entry point of the voice modality (seed 004).
import { MoqtClient, type MoqtClientOptions } from "../../moqt/index.ts";
import { AudioBridge, type AudioBridgeOptions } from "../bridge/audio-bridge.ts";
import { VoiceError, VoiceErrorCode } from "../errors.ts";
import { Agents } from "./agents.ts";
import { Calls } from "./calls.ts";
import type { VoiceContext } from "./context.ts";
import { callProcedure, type RpcConfig } from "./rpc.ts";

/** Options of `new Voice()`. */
export interface VoiceOptions {
  /** The engine's origin, e.g. "http://127.0.0.1:4443" (the dev server's `api`). */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly orgId: string;
  /** The MoQT relay for bridges, e.g. "https://127.0.0.1:4443/moq"; needed to attach. */
  readonly relayUrl?: string;
  /** Options of the relay client (e.g. `{ transport: "websocket" }` in Node). */
  readonly moqt?: MoqtClientOptions;
  /** An existing relay client to share instead of `relayUrl` (not closed by `close()`). */
  readonly client?: MoqtClient;
  /** HTTP for the control plane; default the global `fetch`. */
  readonly fetch?: typeof fetch;
}

function required(o: VoiceOptions, name: "baseUrl" | "apiKey" | "orgId"): string {
  const v = o?.[name];
  if (typeof v !== "string" || v === "") {
    throw new VoiceError(
      VoiceErrorCode.INVALID_ARGUMENT,
      `new Voice() needs ${name} (a non-empty string)`,
    );
  }
  return v;
}

/**
 * The voice client: `calls` (control plane), `agents`, and `attachCaller` for a
 * device. Bridges use one relay client, connected on the first attach.
 *
 * ```ts
 * const voice = new Voice({ baseUrl, apiKey, orgId, relayUrl });
 * const call = await voice.calls.originate({ to: "+15550100001", from: "+15550009999" });
 * const bridge = await call.attach({ codec: "pcm16", sampleRate: 16000, onFrame });
 * ```
 */
export class Voice implements AsyncDisposable {
  readonly calls: Calls;
  readonly agents: Agents;
  readonly #options: VoiceOptions;
  readonly #rpc: VoiceContext["rpc"];
  #client: MoqtClient | undefined;

  constructor(options: VoiceOptions) {
    const rpc: RpcConfig = {
      baseUrl: required(options, "baseUrl"),
      apiKey: required(options, "apiKey"),
      orgId: required(options, "orgId"),
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    };
    this.#options = options;
    this.#client = options.client;
    this.#rpc = (kind, path, input) => callProcedure(rpc, kind, path, input);
    const ctx: VoiceContext = {
      rpc: this.#rpc,
      client: () => this.#relayClient(),
    };
    this.calls = new Calls(ctx);
    this.agents = new Agents(ctx, this.calls);
  }

  /** Attaches to call `sid` as the caller's device: publishes the uplink, plays the downlink. */
  attachCaller(sid: string, options: AudioBridgeOptions = {}): AudioBridge {
    return new AudioBridge(this.#relayClient(), sid, "caller", options);
  }

  /** The org's webhook signing secret, for `verifyWebhook`. */
  async webhookSecret(): Promise<string> {
    const r = await this.#rpc<{ secret: string }>("query", "calls.webhookSecret", {});
    return r.secret;
  }

  /** Closes the relay client this Voice opened (bridges end with it). */
  async close(): Promise<void> {
    if (this.#client !== undefined && this.#client !== this.#options.client) {
      await this.#client.close();
    }
    this.#client = undefined;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #relayClient(): MoqtClient {
    if (this.#client !== undefined) return this.#client;
    const url = this.#options.relayUrl;
    if (url === undefined) {
      throw new VoiceError(
        VoiceErrorCode.INVALID_ARGUMENT,
        "attaching needs relayUrl (or client) in new Voice({ … })",
      );
    }
    this.#client = MoqtClient.connect(url, this.#options.moqt ?? {});
    return this.#client;
  }
}
