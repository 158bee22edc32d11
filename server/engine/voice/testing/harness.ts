/// <reference path="../../store/node-sqlite.d.ts" />
// A voice service over an in-memory database and an in-process relay, for tests.
import { DatabaseSync } from "node:sqlite";
import type { MoqtClient } from "../../../../src/moqt/client/client.ts";
import { type RelayClock, systemClock } from "../../../relay/core/clock.ts";
import { silentLogger } from "../../../relay/core/logger.ts";
import { Relay } from "../../../relay/core/mod.ts";
import { inProcessClient } from "../../live/in-process-client.ts";
import { engineCore } from "../media/core.ts";
import { VOICE_MIGRATIONS } from "../migrations.ts";
import { VoiceService } from "../service.ts";
import { RELAY_TARGET } from "../voice-target.ts";

export const ORG = "org_test";

export interface Harness {
  readonly service: VoiceService;
  readonly relay: Relay;
  /** A second client of the relay, as a user's bridge would be. */
  readonly user: MoqtClient;
  close(): Promise<void>;
}

export async function openHarness(
  o: { ringTimeoutS?: number; clock?: RelayClock; fetch?: typeof fetch } = {},
): Promise<Harness> {
  const db = new DatabaseSync(":memory:");
  for (const m of VOICE_MIGRATIONS.migrations) db.exec(m.sql);
  const relay = new Relay({ auth: { mode: "none" } });
  const client = inProcessClient(relay, RELAY_TARGET);
  const user = inProcessClient(relay, RELAY_TARGET);
  const service = new VoiceService({
    db,
    core: await engineCore(),
    client: () => client,
    logger: silentLogger,
    prompt: undefined,
    clock: o.clock ?? systemClock,
    ...(o.ringTimeoutS !== undefined && { ringTimeoutS: o.ringTimeoutS }),
    ...(o.fetch !== undefined && { fetch: o.fetch }),
  });
  return {
    service,
    relay,
    user,
    close: async () => {
      await service.close();
      await Promise.all([client.close(), user.close()]);
      relay.close("test over");
      db.close();
    },
  };
}

/** Resolves once `cond()` holds; rejects after `timeoutMs` naming `what`. */
export async function until(cond: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
