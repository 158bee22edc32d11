// Run: npx deno test -A server/engine/
import assert from "node:assert/strict";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { EngineHarness, storedText } from "../testing/harness.ts";
import type { LiveInputRecord } from "./live-input-store.ts";
import { inputByExternalId, streamKeyMatches } from "./live-input-store.ts";
import { PlaybackRefused, verifyPlaybackToken } from "./playback-token.ts";
import type { SigningKeyRecord } from "./signing-key-store.ts";

type Created = { input: LiveInputRecord; streamKey: string };
type Signed = { url: string; token: string; expiresAt: string };

Deno.test("live inputs: create returns the stream key once and stores only its hash", async () => {
  const h = await EngineHarness.open();
  try {
    const { input, streamKey } = await h.ok<Created>("mutation", "liveInputs.create", {
      name: "Live Demo",
      ingest: "fmp4",
    });
    assert.match(input.id, /^li_[a-z2-7]{20}$/);
    assert.match(input.external_input_id, /^lv_[a-z2-7]{20}$/);
    assert.equal(input.org_id, h.dev.orgId);
    assert.ok(!JSON.stringify(input).includes(streamKey));
    assert.ok(!storedText(h.dataDir).includes(streamKey), "no cleartext stream key stored");
    assert.ok(streamKeyMatches(h.engine.db, input.id, streamKey));
    for (const id of [input.id, input.external_input_id]) {
      const got = await h.ok<LiveInputRecord>("query", "liveInputs.get", { id });
      assert.deepEqual(got, input);
    }
    const renamed = await h.ok<LiveInputRecord>("mutation", "liveInputs.update", {
      id: input.id,
      name: "Renamed",
    });
    assert.equal(renamed.name, "Renamed");
    const { streamKey: fresh } = await h.ok<Created>("mutation", "liveInputs.rotateStreamKey", {
      id: input.id,
    });
    assert.notEqual(fresh, streamKey);
    assert.ok(!streamKeyMatches(h.engine.db, input.id, streamKey), "old key dead at once");
    assert.ok(streamKeyMatches(h.engine.db, input.id, fresh));
    assert.equal((await h.ok<LiveInputRecord[]>("query", "liveInputs.list")).length, 1);
    await h.ok("mutation", "liveInputs.delete", { id: input.id });
    const gone = await h.call("query", "liveInputs.get", { id: input.id });
    assert.equal(gone.status, 404);
    assert.equal(gone.error?.data.reason, "not_found");
  } finally {
    await h.close();
  }
});

Deno.test("an org sees only its own inputs, keys and assets", async () => {
  const h = await EngineHarness.open();
  try {
    const { input } = await h.ok<Created>("mutation", "liveInputs.create", {
      name: "mine",
      ingest: "rtmp",
    });
    const other = h.other.apiKey;
    assert.equal((await h.call("query", "liveInputs.get", { id: input.id }, other)).status, 404);
    assert.equal((await h.ok<unknown[]>("query", "liveInputs.list", undefined, other)).length, 0);
    for (const path of [
      "liveInputs.rotateStreamKey",
      "liveInputs.signedPlaybackUrl",
      "liveInputs.delete",
    ]) {
      assert.equal((await h.call("mutation", path, { id: input.id }, other)).status, 404, path);
    }
    assert.ok(await h.ok("query", "liveInputs.get", { id: input.id }), "still there");
  } finally {
    await h.close();
  }
});

Deno.test("signed playback: Ed25519 by default, RS256 on request, TTL clamped to 30 s – 24 h", async () => {
  const h = await EngineHarness.open();
  try {
    const { input } = await h.ok<Created>("mutation", "liveInputs.create", {
      name: "x",
      ingest: "whip",
    });
    const ttl = async (ttlSeconds?: number) => {
      const s = await h.ok<Signed>("mutation", "liveInputs.signedPlaybackUrl", {
        id: input.id,
        ...(ttlSeconds !== undefined && { ttlSeconds }),
      });
      const claims = decodeJwt(s.token);
      assert.equal(Date.parse(s.expiresAt), claims.exp! * 1000);
      assert.equal(
        s.url,
        `https://127.0.0.1:4999/playback/${input.external_input_id}?tok=${s.token}`,
      );
      return claims.exp! - claims.iat!;
    };
    assert.equal(await ttl(), 3600);
    assert.equal(await ttl(5), 30);
    assert.equal(await ttl(900), 900);
    assert.equal(await ttl(10 * 24 * 3600), 24 * 3600);
    const keys = await h.ok<SigningKeyRecord[]>("query", "signingKeys.list");
    assert.equal(keys.length, 1, "the first URL created the org's key");
    assert.equal(keys[0]!.alg, "EdDSA");
    assert.equal(keys[0]!.public_jwk.crv, "Ed25519");
    assert.equal(keys[0]!.public_jwk.d, undefined, "no private part");
    const rsa = await h.ok<SigningKeyRecord>("mutation", "signingKeys.create", { alg: "RS256" });
    assert.equal(rsa.public_jwk.kty, "RSA");
    assert.equal(rsa.public_jwk.d, undefined);
    const s = await h.ok<Signed>("mutation", "liveInputs.signedPlaybackUrl", { id: input.id });
    assert.deepEqual(decodeProtectedHeader(s.token), { alg: "RS256", kid: rsa.id, typ: "JWT" });
    const claims = decodeJwt(s.token);
    assert.equal(claims.sub, input.external_input_id);
    assert.deepEqual(claims.moqt, { sub: [`stream/${h.dev.orgId}/${input.external_input_id}`] });
    const record = inputByExternalId(h.engine.db, input.external_input_id)!;
    await verifyPlaybackToken(h.engine.db, record, s.token);
    await h.ok("mutation", "signingKeys.revoke", { id: rsa.id });
    await assert.rejects(
      verifyPlaybackToken(h.engine.db, record, s.token),
      (e) => e instanceof PlaybackRefused && e.problem === "unauthorized",
    );
    // Expiry is checked against the given clock.
    const fresh = await h.ok<Signed>("mutation", "liveInputs.signedPlaybackUrl", {
      id: input.id,
      ttlSeconds: 60,
    });
    await assert.rejects(
      verifyPlaybackToken(h.engine.db, record, fresh.token, Date.now() + 61_000),
      (e) => e instanceof PlaybackRefused && e.problem === "expired",
    );
  } finally {
    await h.close();
  }
});

Deno.test("assets: createUpload makes an as_… record with a pb_… playback id and an upload URL", async () => {
  const h = await EngineHarness.open();
  try {
    const r = await h.ok<{ uploadUrl: string; assetId: string }>(
      "mutation",
      "assets.createUpload",
      {
        name: "Session-Recording.mp4",
      },
    );
    assert.match(r.assetId, /^as_/);
    assert.equal(r.uploadUrl, `http://127.0.0.1:4999/uploads/${r.assetId}`);
    const asset = await h.ok<{ playback_id: string; status: string }>("query", "assets.get", {
      id: r.assetId,
    });
    assert.match(asset.playback_id, /^pb_/);
    assert.equal(asset.status, "waiting_upload");
    const byPlayback = await h.ok<{ id: string }>("query", "assets.get", { id: asset.playback_id });
    assert.equal(byPlayback.id, r.assetId);
    assert.equal(
      (await h.call("query", "assets.get", { id: r.assetId }, h.other.apiKey)).status,
      404,
    );
  } finally {
    await h.close();
  }
});
