/**
 * The transport-independent MoQT relay core of the local dev server: sessions,
 * routing, fan-out, cache, auth and limits. Runs under Deno and Node.
 * @module
 */
export {
  type AuthOptions,
  JWT_QUERY_PARAMETER,
  JWT_TOKEN_TYPE,
} from "./auth/authenticator.ts";
export { MOQT_CLAIM, type MoqtClaim } from "./auth/claims.ts";
export type { Grant } from "./auth/grant.ts";
export { DEFAULT_ALGORITHMS, type JwtAuthOptions } from "./auth/jwt.ts";
export {
  CAPABILITY_EXTENSION,
  capabilityOf,
  capabilityPair,
  MAX_CAPABILITY_BYTES,
} from "./capability.ts";
export { type RelayClock, systemClock, type TimerHandle } from "./clock.ts";
export { delayQuantileMs } from "./forward-delay.ts";
export {
  consoleLogger,
  type LogFields,
  type LogLevel,
  type RelayLogger,
  silentLogger,
} from "./logger.ts";
export { DEFAULT_LIMITS, type RelayLimits, type RelayOptions } from "./options.ts";
export type { OutboxStats } from "./outbox.ts";
export {
  type AcceptInfo,
  Relay,
  type RelaySessionHandle,
  type RelayStats,
} from "./relay.ts";
export type { TrackEvent, TrackInfo, TrackSelector } from "./tracks.ts";
