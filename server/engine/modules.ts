// The engine's modules: each brings its migrations and its procedures. A new
// module adds its own files and one line in each list below.
import { ORGS_MIGRATIONS } from "./orgs/migrations.ts";
import { apiKeysRouter } from "./orgs/router.ts";
import type { ModuleMigrations } from "./store/migrations.ts";
import { analyticsRouter } from "./streams/analytics-router.ts";
import { assetsRouter } from "./streams/assets-router.ts";
import { liveInputsRouter } from "./streams/live-inputs-router.ts";
import { STREAMS_MIGRATIONS } from "./streams/migrations.ts";
import { signingKeysRouter } from "./streams/signing-keys-router.ts";
import { router } from "./trpc.ts";
import { VOD_MIGRATIONS } from "./vod/migrations.ts";
import { VOICE_MIGRATIONS } from "./voice/migrations.ts";
import { agentsRouter, callsRouter } from "./voice/router.ts";

/** Applied in this order (a module may reference tables of those before it). */
export const MIGRATIONS: readonly ModuleMigrations[] = [
  ORGS_MIGRATIONS,
  STREAMS_MIGRATIONS,
  VOD_MIGRATIONS,
  VOICE_MIGRATIONS,
];

/** Every procedure, by path (`liveInputs.create`, …). */
export const engineRouter = router({
  apiKeys: apiKeysRouter,
  liveInputs: liveInputsRouter,
  signingKeys: signingKeysRouter,
  assets: assetsRouter,
  analytics: analyticsRouter,
  calls: callsRouter,
  agents: agentsRouter,
});

/** The type a tRPC client needs: `createTRPCClient<EngineRouter>(…)`. */
export type EngineRouter = typeof engineRouter;
