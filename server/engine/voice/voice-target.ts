import { engineGrant, type InProcessTarget } from "../live/in-process-client.ts";

/** Where the engine's voice client joins its relay: rights on `voice/…` from the engine, no token. */
export const RELAY_TARGET: InProcessTarget = {
  path: "/moq",
  query: () => new URLSearchParams(),
  grants: [engineGrant("voice")],
};
