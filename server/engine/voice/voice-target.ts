import type { InProcessTarget } from "../live/in-process-client.ts";

/** Where the engine's voice client joins its relay: the MoQT path, no token (a relay without auth). */
export const RELAY_TARGET: InProcessTarget = { path: "/moq", query: () => new URLSearchParams() };
