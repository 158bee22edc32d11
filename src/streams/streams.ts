import { Analytics } from "./control/analytics.ts";
import { ApiKeys } from "./control/api-keys.ts";
import { Assets } from "./control/assets.ts";
import { ControlPlane, DEFAULT_RETRY } from "./control/control-plane.ts";
import { LiveInputs } from "./control/live-inputs.ts";
import { SigningKeys } from "./control/signing-keys.ts";
import { StreamsError, StreamsErrorCode } from "./errors.ts";
import { checkStreamsOptions, type StreamsOptions } from "./options.ts";
import { BroadcastPublisher } from "./publisher/broadcast-publisher.ts";
import type { BroadcastPublisherOptions } from "./publisher/options.ts";
import { BroadcastViewer } from "./viewer/broadcast-viewer.ts";
import type { BroadcastViewerOptions } from "./viewer/options.ts";

interface ControlNamespaces {
  readonly liveInputs: LiveInputs;
  readonly signingKeys: SigningKeys;
  readonly apiKeys: ApiKeys;
  readonly assets: Assets;
  readonly analytics: Analytics;
}

/**
 * The Streams modality's client. With `{ baseUrl, apiKey, orgId }` it drives the
 * control plane (`liveInputs`, `signingKeys`, `apiKeys`, `assets`, `analytics`);
 * with `{ relayUrl }`, `{ apiBase }` or `{ token }` it carries the data plane's
 * settings. Every control-plane method takes an optional `{ signal }` last.
 *
 * ```ts
 * const streams = new Streams({ baseUrl, apiKey, orgId });
 * const { input, streamKey } = await streams.liveInputs.create({ name: "Live", ingest: "fmp4" });
 * const { url } = await input.signedPlaybackUrl({ ttlSeconds: 3600 });
 * ```
 */
export class Streams {
  /** The relay URL of the data plane, if given. */
  readonly relayUrl: string | undefined;
  /** Base of the data plane's HTTPS endpoints ("" = the page's origin), if given. */
  readonly apiBase: string | undefined;
  /** The playback token the viewer presents, if given. */
  readonly token: string | undefined;
  readonly #control: ControlNamespaces | undefined;

  /** Throws StreamsError `invalid_options` naming the option to fix. */
  constructor(options: StreamsOptions) {
    checkStreamsOptions(options);
    this.relayUrl = options.relayUrl;
    this.apiBase = options.apiBase;
    this.token = options.token;
    if (options.baseUrl !== undefined && options.apiKey !== undefined) {
      const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
      const api = new ControlPlane({
        baseUrl: options.baseUrl,
        apiKey: options.apiKey,
        orgId: options.orgId,
        fetch: fetchFn,
        retry: { ...DEFAULT_RETRY, ...options.retry },
      });
      this.#control = {
        liveInputs: new LiveInputs(api),
        signingKeys: new SigningKeys(api),
        apiKeys: new ApiKeys(api),
        assets: new Assets(api),
        analytics: new Analytics(api),
      };
    }
  }

  #controlPlane(): ControlNamespaces {
    if (this.#control === undefined) {
      throw new StreamsError(
        StreamsErrorCode.NOT_CONFIGURED,
        "this Streams client has no control plane: construct it with { baseUrl, apiKey, orgId }",
      );
    }
    return this.#control;
  }

  /** Live inputs (throws StreamsError `not_configured` without `baseUrl` and `apiKey`). */
  get liveInputs(): LiveInputs {
    return this.#controlPlane().liveInputs;
  }

  /** The org's playback signing keys (throws `not_configured` without `baseUrl` and `apiKey`). */
  get signingKeys(): SigningKeys {
    return this.#controlPlane().signingKeys;
  }

  /** The org's API keys (throws `not_configured` without `baseUrl` and `apiKey`). */
  get apiKeys(): ApiKeys {
    return this.#controlPlane().apiKeys;
  }

  /** VOD assets and uploads (throws `not_configured` without `baseUrl` and `apiKey`). */
  get assets(): Assets {
    return this.#controlPlane().assets;
  }

  /** Per-broadcast analytics (throws `not_configured` without `baseUrl` and `apiKey`). */
  get analytics(): Analytics {
    return this.#controlPlane().analytics;
  }

  /**
   * A live publisher on this client's `relayUrl` (throws `not_configured` without
   * one): `pub.publish(inputId, streamKey, mediaStream, namespace)`.
   */
  publisher(options: BroadcastPublisherOptions = {}): BroadcastPublisher {
    if (this.relayUrl === undefined) {
      throw new StreamsError(
        StreamsErrorCode.NOT_CONFIGURED,
        "publisher() needs a relay: construct Streams with { relayUrl }",
      );
    }
    return new BroadcastPublisher(this.relayUrl, options);
  }

  /**
   * A viewer using this client's `relayUrl` and `token` (options may override
   * them): `viewer.attach(video); await viewer.play("lv_…" | signedUrl)`.
   */
  viewer(options: BroadcastViewerOptions = {}): BroadcastViewer {
    return new BroadcastViewer({
      ...(this.relayUrl !== undefined && { relayUrl: this.relayUrl }),
      ...(this.token !== undefined && { token: this.token }),
      ...(this.apiBase !== undefined && { apiBase: this.apiBase }),
      ...options,
    });
  }
}
