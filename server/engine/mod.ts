/**
 * The dev engine: the Streams control plane (tRPC over HTTP, SQLite store) and
 * what the relay's stream resolver asks it.
 * @module
 */
export { Engine } from "./engine.ts";
export { type EngineErrorData, EngineReason } from "./errors.ts";
export { TRPC_PATH } from "./http.ts";
export { type EngineRouter, engineRouter, MIGRATIONS } from "./modules.ts";
export type { DevCredentials } from "./orgs/bootstrap.ts";
export { AUTH_FAILED } from "./resolver/auth-failed.ts";
export { isStreamPath, parseStreamPath, type StreamPath } from "./resolver/stream-path.ts";
export { StreamResolver } from "./resolver/stream-resolver.ts";
export type { StorageChoice } from "./store/database.ts";
export type { Migration, ModuleMigrations } from "./store/migrations.ts";
export { type EngineContext, type EngineUrls, orgProcedure, router } from "./trpc.ts";
