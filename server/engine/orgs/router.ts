// apiKeys.*: the org's API keys (secrets shown once, at create).
import { z } from "zod";
import { notFound } from "../errors.ts";
import { byIdSchema, nameSchema } from "../schemas.ts";
import { orgProcedure, router } from "../trpc.ts";
import { getApiKey, insertApiKey, listApiKeys, revokeApiKey } from "./api-key-store.ts";

export const apiKeysRouter = router({
  /** A new key for the caller's org: `{ apiKey, secret }`, the secret returned only here. */
  create: orgProcedure
    .input(z.object({ name: nameSchema }).strict())
    .mutation(({ ctx, input }) => insertApiKey(ctx.db, ctx.orgId, input.name)),
  /** The org's keys, without secrets. */
  list: orgProcedure.query(({ ctx }) => listApiKeys(ctx.db, ctx.orgId)),
  /** One key, without its secret. */
  get: orgProcedure.input(byIdSchema("ak")).query(({ ctx, input }) => {
    const key = getApiKey(ctx.db, ctx.orgId, input.id);
    if (key === undefined) throw notFound("API key", input.id);
    return key;
  }),
  /** Revokes a key (idempotent): requests with it fail from now on. */
  revoke: orgProcedure.input(byIdSchema("ak")).mutation(({ ctx, input }) => {
    const key = revokeApiKey(ctx.db, ctx.orgId, input.id);
    if (key === undefined) throw notFound("API key", input.id);
    return key;
  }),
});
