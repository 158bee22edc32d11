/// <reference path="../store/node-sqlite.d.ts" />
// The running voice service of an engine database: procedures get the database
// in their context and find the service through it.
import type { DatabaseSync } from "node:sqlite";
import type { VoiceService } from "./service.ts";

const services = new WeakMap<DatabaseSync, VoiceService>();

/** Makes `service` the voice service of `db`'s procedures. */
export function registerVoice(db: DatabaseSync, service: VoiceService): void {
  services.set(db, service);
}

/** The voice service of `db`, if one runs. */
export function voiceOf(db: DatabaseSync): VoiceService | undefined {
  return services.get(db);
}
