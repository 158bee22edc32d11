// Starts the voice engine next to a relay: the WASM core, the simulator's
// prompt, the engine's in-process relay client, and the service the
// calls.* / agents.* procedures use.
import type { DatabaseSync } from "node:sqlite";
import type { MoqtClient } from "../../../src/moqt/client/client.ts";
import type { RelayLogger } from "../../relay/core/logger.ts";
import type { Relay } from "../../relay/core/mod.ts";
import { inProcessClient } from "../live/in-process-client.ts";
import { engineCore } from "./media/core.ts";
import { registerVoice } from "./registry.ts";
import { VoiceService } from "./service.ts";
import { loadPrompt, PROMPT_FILE } from "./speech.ts";
import { RELAY_TARGET } from "./voice-target.ts";

/** Starts the voice service of the engine database `db` on `relay`. */
export async function startVoice(o: {
  db: DatabaseSync;
  relay: Relay;
  logger: RelayLogger;
  ringTimeoutS: number;
}): Promise<VoiceService> {
  const [core, prompt] = await Promise.all([engineCore(), loadPrompt()]);
  if (prompt === undefined) {
    o.logger.log("warn", "voice.prompt_missing", {
      file: PROMPT_FILE.pathname,
      fallback: "tones",
    });
  }
  let client: MoqtClient | undefined;
  const service = new VoiceService({
    db: o.db,
    core,
    // Connected on first use: a dev server nobody calls through holds no session for it.
    client: () => {
      client ??= inProcessClient(o.relay, RELAY_TARGET);
      return client;
    },
    logger: o.logger,
    prompt,
    ringTimeoutS: o.ringTimeoutS,
  });
  const orphans = service.endOrphans();
  if (orphans > 0) o.logger.log("info", "voice.orphans_ended", { calls: orphans });
  registerVoice(o.db, service);
  return service;
}
