// assets.*: VOD asset records and their resumable upload URLs.
import { z } from "zod";
import { notFound } from "../errors.ts";
import { byIdSchema, nameSchema } from "../schemas.ts";
import { orgProcedure, router } from "../trpc.ts";
import { deleteAsset, getAsset, insertAsset, listAssets, uploadPath } from "./asset-store.ts";

export const assetsRouter = router({
  /** A new asset waiting for its upload: `{ uploadUrl, assetId, asset }`. */
  createUpload: orgProcedure
    .input(z.object({ name: nameSchema }).strict())
    .mutation(({ ctx, input }) => {
      const asset = insertAsset(ctx.db, ctx.orgId, input.name);
      const uploadUrl = new URL(uploadPath(asset.id), ctx.urls.httpOrigin).href;
      return { uploadUrl, assetId: asset.id, asset };
    }),
  /** One asset by `as_…` or playback id `pb_…`. */
  get: orgProcedure.input(byIdSchema("as", "pb")).query(({ ctx, input }) => {
    const asset = getAsset(ctx.db, ctx.orgId, input.id);
    if (asset === undefined) throw notFound("asset", input.id);
    return asset;
  }),
  /** The org's assets, newest first. */
  list: orgProcedure.query(({ ctx }) => listAssets(ctx.db, ctx.orgId)),
  /** Deletes an asset record. */
  delete: orgProcedure.input(byIdSchema("as", "pb")).mutation(({ ctx, input }) => {
    if (!deleteAsset(ctx.db, ctx.orgId, input.id)) throw notFound("asset", input.id);
    return { id: input.id, deleted: true as const };
  }),
});
