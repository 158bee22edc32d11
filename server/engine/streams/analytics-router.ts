// analytics.*: per-broadcast rows (capability media.broadcast).
import { z } from "zod";
import { notFound } from "../errors.ts";
import { idSchema } from "../schemas.ts";
import { orgProcedure, router } from "../trpc.ts";
import { listBroadcasts } from "./analytics-store.ts";
import { getLiveInput } from "./live-input-store.ts";

export const analyticsRouter = router({
  /** The broadcasts of one input (`li_…` or `lv_…`), newest first. */
  get: orgProcedure
    .input(z.object({ inputId: idSchema("li", "lv") }).strict())
    .query(({ ctx, input }) => {
      const found = getLiveInput(ctx.db, ctx.orgId, input.inputId);
      if (found === undefined) throw notFound("live input", input.inputId);
      return { inputId: found.id, broadcasts: listBroadcasts(ctx.db, ctx.orgId, found.id) };
    }),
  /** The org's broadcasts, newest first (`limit` 1..1000, default 100). */
  list: orgProcedure
    .input(
      z
        .object({ limit: z.number().int().min(1).max(1000).optional() })
        .strict()
        .optional(),
    )
    .query(({ ctx, input }) => listBroadcasts(ctx.db, ctx.orgId, undefined, input?.limit)),
});
