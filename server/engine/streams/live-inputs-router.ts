// liveInputs.*: live inputs, their stream keys (cleartext once) and signed playback URLs.
import { z } from "zod";
import { notFound } from "../errors.ts";
import { byIdSchema, idSchema, nameSchema } from "../schemas.ts";
import { type EngineUrls, orgProcedure, router } from "../trpc.ts";
import {
  deleteLiveInput,
  getLiveInput,
  INGEST_KINDS,
  insertLiveInput,
  type LiveInputRecord,
  listLiveInputs,
  rotateStreamKey,
  updateLiveInput,
} from "./live-input-store.ts";
import { mintPlaybackToken } from "./playback-token.ts";
import { ingestUrl, playbackUrl } from "./urls.ts";

const inputId = idSchema("li", "lv");

/** The input as the API returns it: its record plus where its encoder sends. */
function shown(urls: EngineUrls, input: LiveInputRecord) {
  return { ...input, ingest_url: ingestUrl(urls, input.ingest, input.external_input_id) };
}

export const liveInputsRouter = router({
  /** `{ input, streamKey }`: the stream key in cleartext, this once. */
  create: orgProcedure
    .input(z.object({ name: nameSchema, ingest: z.enum(INGEST_KINDS) }).strict())
    .mutation(({ ctx, input }) => {
      const created = insertLiveInput(ctx.db, ctx.orgId, input);
      return { ...created, input: shown(ctx.urls, created.input) };
    }),
  /** One input by `li_…` or `lv_…` id. */
  get: orgProcedure.input(byIdSchema("li", "lv")).query(({ ctx, input }) => {
    const found = getLiveInput(ctx.db, ctx.orgId, input.id);
    if (found === undefined) throw notFound("live input", input.id);
    return shown(ctx.urls, found);
  }),
  /** The org's inputs, newest first. */
  list: orgProcedure.query(({ ctx }) =>
    listLiveInputs(ctx.db, ctx.orgId).map((i) => shown(ctx.urls, i)),
  ),
  /** Renames an input. */
  update: orgProcedure
    .input(z.object({ id: inputId, name: nameSchema.optional() }).strict())
    .mutation(({ ctx, input }) => {
      const updated = updateLiveInput(ctx.db, ctx.orgId, input.id, { name: input.name });
      if (updated === undefined) throw notFound("live input", input.id);
      return shown(ctx.urls, updated);
    }),
  /** Deletes an input: its stream key and playback tokens stop working. */
  delete: orgProcedure.input(byIdSchema("li", "lv")).mutation(({ ctx, input }) => {
    if (!deleteLiveInput(ctx.db, ctx.orgId, input.id)) throw notFound("live input", input.id);
    return { id: input.id, deleted: true as const };
  }),
  /** A new stream key, returned once; the old one stops working at once. */
  rotateStreamKey: orgProcedure.input(byIdSchema("li", "lv")).mutation(({ ctx, input }) => {
    const rotated = rotateStreamKey(ctx.db, ctx.orgId, input.id);
    if (rotated === undefined) throw notFound("live input", input.id);
    return { ...rotated, input: shown(ctx.urls, rotated.input) };
  }),
  /**
   * `{ url, token, expiresAt }`: a playback JWT for this one broadcast, its TTL
   * clamped to 30 s – 24 h (default 1 h), and the relay URL carrying it as `?tok=`.
   */
  signedPlaybackUrl: orgProcedure
    .input(
      z
        .object({
          id: inputId,
          ttlSeconds: z.number().finite("must be a number of seconds").positive().optional(),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      const found = getLiveInput(ctx.db, ctx.orgId, input.id);
      if (found === undefined) throw notFound("live input", input.id);
      const { token, expiresAt } = await mintPlaybackToken(ctx.db, found, input.ttlSeconds);
      return { url: playbackUrl(ctx.urls, found.external_input_id, token), token, expiresAt };
    }),
});
