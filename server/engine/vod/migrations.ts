// The VOD module's schema steps: why an asset failed, next to its status.
import type { ModuleMigrations } from "../store/migrations.ts";

export const VOD_MIGRATIONS: ModuleMigrations = {
  module: "vod",
  migrations: [
    {
      version: 1,
      sql: `ALTER TABLE assets ADD COLUMN failure_reason TEXT;
            ALTER TABLE assets ADD COLUMN failure_message TEXT;`,
    },
  ],
};
