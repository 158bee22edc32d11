// The Streams client against the real dev server (`clutchcall server`): the seed
// recipes' control-plane lines, every namespace, typed refusals. (A stock
// @trpc/client on the exported router type: server/engine/trpc-client.deno.test.ts.)
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DevServerChild, type ReadyLine } from "../../tests/pages/client-dev-server.ts";
import { LiveInput, Streams, StreamsError } from "./index.ts";

const ROOT = resolve(import.meta.dirname, "../..");
let server: DevServerChild;
let ready: ReadyLine;

beforeAll(async () => {
  const child = spawn(
    process.execPath,
    ["server/bin/clutchcall.mjs", "server", "--port", "0", "--ephemeral", "--log-level", "warn"],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  server = new DevServerChild(child);
  ready = await server.ready(30_000);
  process.env.CLUTCHCALL_CREDENTIALS = ready.apiKey;
}, 40_000);

afterAll(async () => {
  await server?.stop();
});

describe("Streams against the dev server", () => {
  it("runs recipe 1's and recipe 2's control-plane lines", async () => {
    const org = ready.orgId;
    // Recipe 1 — create a live input.
    const streams = new Streams({
      baseUrl: ready.api,
      apiKey: process.env.CLUTCHCALL_CREDENTIALS!,
      orgId: org,
    });
    const { input, streamKey } = await streams.liveInputs.create({
      name: "Live Demo",
      ingest: "fmp4",
    });
    expect(input).toBeInstanceOf(LiveInput);
    expect(input.id).toMatch(/^li_/);
    expect(input.external_input_id).toMatch(/^lv_/);
    expect(streamKey).toMatch(/^sk_/);
    // Recipe 1 — mint a signed playback URL.
    const { url } = await input.signedPlaybackUrl({ ttlSeconds: 3600 });
    const playback = new URL(url);
    expect(playback.origin).toBe(new URL(ready.relay).origin);
    expect(playback.pathname).toBe(`/playback/${input.external_input_id}`);
    expect(playback.searchParams.get("tok")).toMatch(/^eyJ/);

    // Recipe 2 — provision the input and rotate a fresh key.
    const { input: keynote } = await streams.liveInputs.create({
      name: "Keynote 2026",
      ingest: "rtmp",
    });
    const { streamKey: fresh } = await keynote.rotateStreamKey();
    expect(fresh).toMatch(/^sk_/);
    // Recipe 2 — a signed URL per viewer, server side.
    async function playbackForViewer(): Promise<string> {
      const inp = await streams.liveInputs.get({ id: keynote.id });
      const { url } = await inp.signedPlaybackUrl({ ttlSeconds: 900 });
      return url;
    }
    const viewerUrl = new URL(await playbackForViewer());
    const claims = JSON.parse(
      Buffer.from(viewerUrl.searchParams.get("tok")!.split(".")[1]!, "base64url").toString(),
    ) as { exp: number; iat: number; sub: string };
    expect(claims.exp - claims.iat).toBe(900);
    expect(claims.sub).toBe(keynote.external_input_id);
  });

  it("drives every namespace: inputs, signing keys, API keys, assets, analytics", async () => {
    const streams = new Streams({ baseUrl: ready.api, apiKey: ready.apiKey, orgId: ready.orgId });
    const { input } = await streams.liveInputs.create({ name: "crud", ingest: "srt" });
    const renamed = await streams.liveInputs.update({ id: input.id, name: "renamed" });
    expect(renamed.name).toBe("renamed");
    expect((await streams.liveInputs.list()).map((i) => i.id)).toContain(input.id);
    expect(JSON.parse(JSON.stringify(renamed))).toMatchObject({ id: input.id, name: "renamed" });

    const rsa = await streams.signingKeys.create({ alg: "RS256" });
    expect(rsa.alg).toBe("RS256");
    expect(rsa.public_jwk).not.toHaveProperty("d");
    const signed = await input.signedPlaybackUrl();
    const header = JSON.parse(Buffer.from(signed.token.split(".")[0]!, "base64url").toString());
    expect(header).toMatchObject({ alg: "RS256", kid: rsa.id });
    const ttlMs = Date.parse(signed.expiresAt) - Date.now();
    expect(ttlMs).toBeGreaterThan(3500_000);
    expect(ttlMs).toBeLessThanOrEqual(3600_000);
    await streams.signingKeys.revoke({ id: rsa.id });
    expect((await streams.signingKeys.list()).find((k) => k.id === rsa.id)?.revoked_at).not.toBe(
      null,
    );

    const { apiKey, secret } = await streams.apiKeys.create({ name: "ci" });
    const second = new Streams({ baseUrl: ready.api, apiKey: secret, orgId: ready.orgId });
    expect((await second.apiKeys.get({ id: apiKey.id })).name).toBe("ci");
    await streams.apiKeys.revoke({ id: apiKey.id });
    await expect(second.liveInputs.list()).rejects.toMatchObject({
      code: "unauthenticated",
      reason: "invalid_api_key",
    });

    const { uploadUrl, assetId } = await streams.assets.createUpload({
      name: "Session-Recording.mp4",
    });
    expect(assetId).toMatch(/^as_/);
    expect(uploadUrl).toBe(`${ready.api}/uploads/${assetId}`);
    const asset = await streams.assets.get({ id: assetId });
    expect(asset.playback_id).toMatch(/^pb_/);
    expect((await streams.assets.list()).map((a) => a.id)).toContain(assetId);
    await streams.assets.delete({ id: assetId });

    expect(await streams.analytics.get({ inputId: input.id })).toEqual({
      inputId: input.id,
      broadcasts: [],
    });
    expect(Array.isArray(await streams.analytics.list({ limit: 5 }))).toBe(true);
    await streams.liveInputs.delete({ id: input.id });
    await expect(streams.liveInputs.get({ id: input.id })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("reports bad input as a typed validation error naming the field", async () => {
    const streams = new Streams({ baseUrl: ready.api, apiKey: ready.apiKey, orgId: ready.orgId });
    const e = (await streams.liveInputs
      .create({ name: "", ingest: "hls" as "rtmp" })
      .catch((x) => x)) as StreamsError;
    expect(e).toBeInstanceOf(StreamsError);
    expect(e.code).toBe("validation");
    expect(Object.keys(e.fields).sort()).toEqual(["ingest", "name"]);
    expect(e.message).toMatch(/name: must not be empty/);
    const other = new Streams({ baseUrl: ready.api, apiKey: ready.apiKey, orgId: "org_other" });
    await expect(other.liveInputs.list()).rejects.toMatchObject({
      code: "forbidden",
      reason: "org_mismatch",
    });
  });
});
