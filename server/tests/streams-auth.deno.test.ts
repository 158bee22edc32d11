// Integration: the relay's stream resolver on the real server. Publishers come in
// on /publish/<lv>?sk=, viewers on /playback/<lv>?tok=; every bad credential is
// refused with the draft's auth code and an "auth_failed" reason, and no Object
// reaches a refused viewer.
// Run: npx deno test -A --unstable-net server/tests/streams-auth.deno.test.ts
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { importJWK, type JWK, SignJWT } from "jose";
import type { MoqtCloseInfo } from "../../src/moqt/session/index.ts";
import { SessionErrorCode } from "../../src/moqt/wire/index.ts";
import { Engine } from "../engine/engine.ts";
import { createOrg, type DevCredentials } from "../engine/orgs/bootstrap.ts";
import { DATABASE_FILE } from "../engine/store/database.ts";
import {
  assert,
  assertEquals,
  type Client,
  Collector,
  ns,
  qmuxClient,
  refusal,
  TrackPublisher,
  tn,
  until,
  webTransportClient,
} from "./clients.ts";
import { bounded, ServerProcess } from "./process.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

interface Input {
  id: string;
  external_input_id: string;
  org_id: string;
}

/** Calls a control-plane procedure over HTTP. */
async function call<T>(api: string, apiKey: string, path: string, input?: unknown): Promise<T> {
  const res = await fetch(`${api}/trpc/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: input === undefined ? "" : JSON.stringify(input),
  });
  const body = await res.json();
  if (body.error !== undefined) throw new Error(`${path}: ${body.error.message}`);
  return body.result.data as T;
}

/** A token signed with a key read from the database, with any claims (forgeries, expired ones). */
async function forge(
  dataDir: string,
  orgId: string,
  claims: { sub: string; org: string; expSeconds: number },
  kid?: string,
): Promise<string> {
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true });
  const row = db
    .prepare("SELECT id, alg, private_jwk FROM signing_keys WHERE org_id = ? LIMIT 1")
    .get(orgId) as { id: string; alg: string; private_jwk: string };
  db.close();
  return await new SignJWT({ org: claims.org })
    .setProtectedHeader({ alg: row.alg, kid: kid ?? row.id })
    .setIssuer("clutchcall-engine")
    .setAudience("clutchcall-playback")
    .setSubject(claims.sub)
    .setIssuedAt(claims.expSeconds - 60)
    .setExpirationTime(claims.expSeconds)
    .sign(await importJWK(JSON.parse(row.private_jwk) as JWK, row.alg));
}

/** `token` with one signature character changed. */
function tamper(token: string): string {
  const i = token.length - 5;
  return token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
}

function b64url(json: unknown): string {
  return btoa(JSON.stringify(json)).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}

/**
 * A viewer on /playback/<lv> with `query` that SUBSCRIBEs and must be closed with
 * `code` and an auth_failed reason, with no Object received.
 */
async function refusedViewer(
  wsOrigin: string,
  input: Input,
  query: string,
  code: number,
  publisher: TrackPublisher,
  group: number,
  what = query,
): Promise<void> {
  const seen = new Collector();
  const viewer = await qmuxClient(`${wsOrigin}/playback/${input.external_input_id}`, {
    query,
    on: seen.listeners(),
  });
  const answer = viewer.session
    .subscribe({
      trackNamespace: ns(`stream/${input.org_id}/${input.external_input_id}`),
      trackName: tn("video"),
    })
    .then(
      () => "accepted",
      () => "refused",
    );
  const closed: MoqtCloseInfo = await bounded(viewer.session.closed, 10_000, "the refusal");
  assertEquals(await answer, "refused", `${what}: subscribe answer`);
  assertEquals(closed.code, code, `${what}: close code`);
  assert(closed.reason.startsWith("auth_failed"), `${what}: reason "${closed.reason}"`);
  await publisher.group(group, 1);
  await new Promise((r) => setTimeout(r, 100));
  assertEquals(seen.seen.length, 0, `${what}: objects seen by a refused viewer`);
}

Deno.test({
  name: "stream resolver: /publish and /playback auth matrix",
  ...opts,
  async fn(t) {
    const dataDir = await Deno.makeTempDir({ prefix: "clutchcall-streams-auth-" });
    let other: DevCredentials;
    {
      const engine = Engine.open({ dataDir });
      other = createOrg(engine.db, "Other");
      engine.close();
    }
    const server = await ServerProcess.start(["--port", "0", "--no-auth", "--data-dir", dataDir]);
    const { ready } = server;
    const ws = ready.ws.replace(/\/moq$/, "");
    const open: Client[] = [];
    try {
      const { input, streamKey } = await call<{ input: Input; streamKey: string }>(
        ready.api,
        ready.apiKey,
        "liveInputs.create",
        { name: "main", ingest: "fmp4" },
      );
      const { input: second } = await call<{ input: Input }>(
        ready.api,
        ready.apiKey,
        "liveInputs.create",
        {
          name: "second",
          ingest: "fmp4",
        },
      );
      const { input: foreign } = await call<{ input: Input }>(
        ready.api,
        other.apiKey,
        "liveInputs.create",
        {
          name: "other org",
          ingest: "fmp4",
        },
      );
      const { token } = await call<{ token: string }>(
        ready.api,
        ready.apiKey,
        "liveInputs.signedPlaybackUrl",
        {
          id: input.id,
        },
      );
      const { token: secondToken } = await call<{ token: string }>(
        ready.api,
        ready.apiKey,
        "liveInputs.signedPlaybackUrl",
        { id: second.id },
      );
      await call(ready.api, other.apiKey, "liveInputs.signedPlaybackUrl", { id: foreign.id });
      const namespace = `stream/${input.org_id}/${input.external_input_id}`;
      const pubUrl = `${ws}/publish/${input.external_input_id}`;
      const playUrl = `${ws}/playback/${input.external_input_id}`;

      const publisher = await qmuxClient(pubUrl, { query: `sk=${streamKey}` });
      open.push(publisher);
      const track = await TrackPublisher.publish(publisher.session, namespace, "video");
      // A publisher's liveness probe: TRACK_STATUS of its own track, answered or not, keeps the session.
      await publisher.session
        .trackStatus({ trackNamespace: ns(namespace), trackName: tn("video") })
        .catch(() => undefined);
      assert(!publisher.session.isClosed, "TRACK_STATUS of its own track closed the publisher");

      await t.step("a valid token plays over QMux and WebTransport", async () => {
        const seen = new Collector();
        const viewer = await qmuxClient(playUrl, { query: `tok=${token}`, on: seen.listeners() });
        open.push(viewer);
        const ok = await viewer.session.subscribe({
          trackNamespace: ns(namespace),
          trackName: tn("video"),
        });
        const wtSeen = new Collector();
        const wt = await webTransportClient(
          `${ready.relay.replace(/\/moq$/, "")}/playback/${input.external_input_id}`,
          ready.certificateSha256,
          { query: `tok=${token}`, on: wtSeen.listeners() },
        );
        open.push(wt);
        await wt.session.subscribe({ trackNamespace: ns(namespace), trackName: tn("video") });
        await track.group(0, 2);
        await until(() => seen.seen.length === 2 && wtSeen.seen.length === 2, "objects", 10_000);
        assertEquals(seen.seen[0]?.alias, ok.trackAlias, "alias");
        // Outside its namespace a viewer gets a request error, and its session goes on.
        const outside = await viewer.session
          .subscribe({
            trackNamespace: ns(`stream/${input.org_id}/${second.external_input_id}`),
            trackName: tn("video"),
          })
          .then(
            () => "accepted",
            (e: { errorName?: string }) => e.errorName,
          );
        assertEquals(outside, "UNAUTHORIZED", "subscribe outside the broadcast");
        assert(!viewer.session.isClosed, "the viewer goes on");
      });

      const now = Math.floor(Date.now() / 1000);
      let group = 1;
      await t.step(
        "expired, tampered, alg none, other broadcast, other org's key: auth_failed",
        async () => {
          const [header, payload] = token.split(".");
          const kid = JSON.parse(atob(header!.replaceAll("-", "+").replaceAll("_", "/"))).kid;
          const claims = { sub: input.external_input_id, org: input.org_id, expSeconds: now + 600 };
          const { UNAUTHORIZED, EXPIRED_AUTH_TOKEN, MALFORMED_AUTH_TOKEN } = SessionErrorCode;
          const cases: [string, string, number][] = [
            [
              "expired",
              await forge(dataDir, input.org_id, { ...claims, expSeconds: now - 10 }),
              EXPIRED_AUTH_TOKEN,
            ],
            ["tampered", tamper(token), UNAUTHORIZED],
            ["alg none", `${b64url({ alg: "none", kid, typ: "JWT" })}.${payload}.`, UNAUTHORIZED],
            ["other broadcast", secondToken, UNAUTHORIZED],
            // Signed by the other org's key, claiming this broadcast: under its own kid, and ours.
            ["other org's key", await forge(dataDir, other.orgId, claims), UNAUTHORIZED],
            [
              "other org's key, our kid",
              await forge(dataDir, other.orgId, claims, kid),
              UNAUTHORIZED,
            ],
            ["not a JWT", "not-a-jwt", MALFORMED_AUTH_TOKEN],
            ["empty", "", MALFORMED_AUTH_TOKEN],
          ];
          for (const [what, bad, code] of cases) {
            await refusedViewer(
              ws,
              input,
              bad === "" ? "" : `tok=${bad}`,
              code,
              track,
              group++,
              what,
            );
          }
        },
      );

      await t.step(
        "publish with a playback token, and playback with a stream key: refused",
        async () => {
          assertEquals(
            await refusal(qmuxClient(pubUrl, { query: `tok=${token}` })),
            SessionErrorCode.UNAUTHORIZED,
            "publish with a playback token",
          );
          await refusedViewer(
            ws,
            input,
            `sk=${streamKey}`,
            SessionErrorCode.MALFORMED_AUTH_TOKEN,
            track,
            group++,
          );
          // A valid viewer that tries to publish, and a publisher that tries to subscribe.
          const viewer = await qmuxClient(playUrl, { query: `tok=${token}` });
          void viewer.session.publishNamespace({ trackNamespace: ns(namespace) }).catch(() => {});
          const vClosed = await bounded(viewer.session.closed, 5_000, "viewer publishing");
          assertEquals(vClosed.code, SessionErrorCode.UNAUTHORIZED, "viewer publishing");
          const pub = await qmuxClient(pubUrl, { query: `sk=${streamKey}` });
          void pub.session
            .subscribe({ trackNamespace: ns(namespace), trackName: tn("video") })
            .catch(() => {});
          const pClosed = await bounded(pub.session.closed, 5_000, "publisher subscribing");
          assertEquals(pClosed.code, SessionErrorCode.UNAUTHORIZED, "publisher subscribing");
          assertEquals(
            await refusal(qmuxClient(`${ws}/publish/lv_unknown`, { query: `sk=${streamKey}` })),
            SessionErrorCode.UNAUTHORIZED,
            "unknown input",
          );
        },
      );

      await t.step(
        "after rotation the old stream key is refused at once, the new one works",
        async () => {
          const { streamKey: fresh } = await call<{ streamKey: string }>(
            ready.api,
            ready.apiKey,
            "liveInputs.rotateStreamKey",
            { id: input.id },
          );
          assertEquals(
            await refusal(qmuxClient(pubUrl, { query: `sk=${streamKey}` })),
            SessionErrorCode.UNAUTHORIZED,
            "old key",
          );
          // The session opened with the old key may publish nothing new.
          void publisher.session
            .publishNamespace({ trackNamespace: ns(namespace) })
            .catch(() => {});
          const closed = await bounded(publisher.session.closed, 5_000, "old-key session");
          assertEquals(closed.code, SessionErrorCode.UNAUTHORIZED, "old-key session closed");
          const renewed = await qmuxClient(pubUrl, { query: `sk=${fresh}` });
          open.push(renewed);
          await TrackPublisher.publish(renewed.session, namespace, "audio");
        },
      );

      await t.step("a revoked signing key's tokens are refused", async () => {
        const kid = JSON.parse(
          atob(token.split(".")[0]!.replaceAll("-", "+").replaceAll("_", "/")),
        ).kid;
        await call(ready.api, ready.apiKey, "signingKeys.revoke", { id: kid });
        const renewed = open.at(-1)!;
        const video = await TrackPublisher.publish(renewed.session, namespace, "video", {
          alias: 11,
        });
        await refusedViewer(ws, input, `tok=${token}`, SessionErrorCode.UNAUTHORIZED, video, 100);
        // A token from the org's next key plays again.
        const fresh = await call<{ token: string }>(
          ready.api,
          ready.apiKey,
          "liveInputs.signedPlaybackUrl",
          {
            id: input.id,
          },
        );
        const viewer = await qmuxClient(playUrl, { query: `tok=${fresh.token}` });
        open.push(viewer);
        await viewer.session.subscribe({ trackNamespace: ns(namespace), trackName: tn("video") });
      });

      await t.step("analytics: one row per broadcast, with its viewers", async () => {
        // The first broadcast's two viewers leave: their bytes out are counted at their end.
        for (const viewer of open.slice(1, 3)) viewer.session.close();
        await new Promise((r) => setTimeout(r, 300));
        const rows = await fetch(
          `${ready.api}/trpc/analytics.get?input=${encodeURIComponent(JSON.stringify({ inputId: input.id }))}`,
          { headers: { authorization: `Bearer ${ready.apiKey}` } },
        )
          .then((r) => r.json())
          .then((b) => b.result.data.broadcasts as Record<string, unknown>[]);
        assert(rows.length >= 2, `broadcast rows: ${rows.length}`);
        const first = rows.at(-1)!;
        assertEquals(first.capability, "media.broadcast", "capability");
        assert(first.ended_at !== null, "the first broadcast ended");
        assertEquals(first.peak_viewers, 2, "peak viewers (QMux + WebTransport)");
        assert(Number(first.bytes_in) > 0, `bytes in: ${first.bytes_in}`);
        assert(Number(first.bytes_out) > 0, `bytes out: ${first.bytes_out}`);
      });
    } finally {
      for (const c of open) if (!c.session.isClosed) c.session.close();
      await server.stop();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
