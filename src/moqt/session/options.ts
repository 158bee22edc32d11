import type { ClientSetup, SetupParameters } from "../wire/control/session/setup.ts";
import { SUPPORTED_VERSIONS, type Version } from "../wire/version.ts";
import { DEFAULT_MAX_PENDING_OBJECT_BYTES } from "./data-streams.ts";
import type { Listener } from "./emitter.ts";
import type { MoqtSessionEvents } from "./events.ts";
import type { MoqtRequestHandler } from "./handler.ts";

/** Event listeners by event name. */
export type MoqtSessionListeners = {
  readonly [K in keyof MoqtSessionEvents]?: Listener<MoqtSessionEvents[K]>;
};

/** Options of `MoqtSession.connect` / `MoqtSession.accept`. */
export interface MoqtSessionOptions {
  /** Versions this endpoint speaks; default every version the codec knows. */
  readonly versions?: readonly Version[];
  /** Answers the peer's requests; without one every request is answered NOT_SUPPORTED. */
  readonly handler?: MoqtRequestHandler;
  /**
   * Listeners registered before the session starts reading, so nothing the peer
   * sends right after SETUP is missed (a data stream arriving with no
   * `subgroupStream` / `fetchStream` listener is stopped).
   */
  readonly on?: MoqtSessionListeners;
  /**
   * Setup Parameters to send (MAX_REQUEST_ID is set from `initialPeerRequests`).
   * A server never sends PATH or AUTHORITY.
   */
  readonly setupParameters?: Omit<SetupParameters, "maxRequestId">;
  /** Requests the peer may open before any MAX_REQUEST_ID; default 100. */
  readonly initialPeerRequests?: number;
  /**
   * Keep the peer's allowance at `initialPeerRequests` by sending MAX_REQUEST_ID
   * as it is used up; default true. When false only `grantRequests()` raises it.
   */
  readonly autoGrantRequests?: boolean;
  /** Time for the SETUP exchange before closing with CONTROL_MESSAGE_TIMEOUT; default 10 s. */
  readonly setupTimeoutMs?: number;
  /** Bytes one incomplete Object may buffer on a data stream; default 16 MiB. */
  readonly maxPendingObjectBytes?: number;
  /**
   * Server: inspects CLIENT_SETUP (authorization, PATH, AUTHORITY) before answering;
   * throwing a MoqtSessionError refuses the session with its termination code.
   */
  readonly onClientSetup?: (setup: ClientSetup) => void | Promise<void>;
}

/** Options with their defaults applied. */
export interface ResolvedOptions {
  readonly versions: readonly Version[];
  readonly handler: MoqtRequestHandler | undefined;
  readonly on: MoqtSessionListeners;
  readonly setupParameters: Omit<SetupParameters, "maxRequestId">;
  readonly initialPeerRequests: number;
  readonly autoGrantRequests: boolean;
  readonly setupTimeoutMs: number;
  readonly maxPendingObjectBytes: number;
  readonly onClientSetup: ((setup: ClientSetup) => void | Promise<void>) | undefined;
}

/** Applies the defaults documented on `MoqtSessionOptions`. */
export function resolveOptions(o: MoqtSessionOptions): ResolvedOptions {
  return {
    versions: o.versions ?? SUPPORTED_VERSIONS,
    handler: o.handler,
    on: o.on ?? {},
    setupParameters: o.setupParameters ?? {},
    initialPeerRequests: o.initialPeerRequests ?? 100,
    autoGrantRequests: o.autoGrantRequests ?? true,
    setupTimeoutMs: o.setupTimeoutMs ?? 10_000,
    maxPendingObjectBytes: o.maxPendingObjectBytes ?? DEFAULT_MAX_PENDING_OBJECT_BYTES,
    onClientSetup: o.onClientSetup,
  };
}
