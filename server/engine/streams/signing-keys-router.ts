// signingKeys.*: the org's playback signing keys (public halves only).
import { z } from "zod";
import { notFound } from "../errors.ts";
import { byIdSchema } from "../schemas.ts";
import { orgProcedure, router } from "../trpc.ts";
import {
  createSigningKey,
  listSigningKeys,
  revokeSigningKey,
  SIGNING_ALGORITHMS,
} from "./signing-key-store.ts";

export const signingKeysRouter = router({
  /** A new key (Ed25519 `EdDSA` by default, or `RS256`); new tokens are signed with it. */
  create: orgProcedure
    .input(
      z
        .object({ alg: z.enum(SIGNING_ALGORITHMS).optional() })
        .strict()
        .optional(),
    )
    .mutation(({ ctx, input }) => createSigningKey(ctx.db, ctx.orgId, input?.alg ?? "EdDSA")),
  /** The org's keys, newest first, public JWKs only. */
  list: orgProcedure.query(({ ctx }) => listSigningKeys(ctx.db, ctx.orgId)),
  /** Revokes a key (idempotent): tokens it signed are refused from now on. */
  revoke: orgProcedure.input(byIdSchema("sig")).mutation(({ ctx, input }) => {
    const key = revokeSigningKey(ctx.db, ctx.orgId, input.id);
    if (key === undefined) throw notFound("signing key", input.id);
    return key;
  }),
});
