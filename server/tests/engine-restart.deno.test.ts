// Integration: everything the control plane stored survives SIGKILL and SIGTERM
// of the real server (SQLite in WAL mode in --data-dir).
// Run: npx deno test -A --unstable-net server/tests/engine-restart.deno.test.ts
import { assert, assertEquals, ns, qmuxClient, tn } from "./clients.ts";
import { ServerProcess } from "./process.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function call<T>(
  api: string,
  apiKey: string,
  kind: "query" | "mutation",
  path: string,
  input?: unknown,
): Promise<T> {
  const url = new URL(`${api}/trpc/${path}`);
  if (kind === "query" && input !== undefined) url.searchParams.set("input", JSON.stringify(input));
  const res = await fetch(url, {
    method: kind === "query" ? "GET" : "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    ...(kind === "mutation" && { body: input === undefined ? "" : JSON.stringify(input) }),
  });
  const body = await res.json();
  if (body.error !== undefined) throw new Error(`${path}: ${body.error.message}`);
  return body.result.data as T;
}

Deno.test({
  name: "the control plane's data survives kill -9 and SIGTERM",
  ...opts,
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "clutchcall-restart-" });
    const args = ["--port", "0", "--no-auth", "--data-dir", dataDir, "--log-level", "warn"];
    let server = await ServerProcess.start(args);
    try {
      const first = server.ready;
      const q = <T>(kind: "query" | "mutation", path: string, input?: unknown) =>
        call<T>(server.ready.api, first.apiKey, kind, path, input);
      const { input, streamKey } = await q<{
        input: { id: string; external_input_id: string };
        streamKey: string;
      }>("mutation", "liveInputs.create", { name: "durable", ingest: "rtmp" });
      const { token } = await q<{ token: string }>("mutation", "liveInputs.signedPlaybackUrl", {
        id: input.id,
      });
      const { secret } = await q<{ secret: string }>("mutation", "apiKeys.create", { name: "ci" });
      const { assetId } = await q<{ assetId: string }>("mutation", "assets.createUpload", {
        name: "a.mp4",
      });
      const ws = () => server.ready.ws.replace(/\/moq$/, "");
      const publisher = await qmuxClient(`${ws()}/publish/${input.external_input_id}`, {
        query: `sk=${streamKey}`,
      });
      publisher.session.close();
      await publisher.session.closed;

      for (const signal of ["SIGKILL", "SIGTERM"] as const) {
        server.kill(signal);
        await server.exited(5_000);
        server = await ServerProcess.start(args);
        const again = server.ready;
        assertEquals(
          [again.orgId, again.apiKey],
          [first.orgId, first.apiKey],
          `${signal}: dev credentials`,
        );
        const got = await q<{ id: string }>("query", "liveInputs.get", { id: input.id });
        assertEquals(got.id, input.id, `${signal}: live input`);
        const keys = await call<unknown[]>(again.api, secret, "query", "apiKeys.list");
        assertEquals(keys.length, 2, `${signal}: the second API key still works`);
        const asset = await q<{ id: string }>("query", "assets.get", { id: assetId });
        assertEquals(asset.id, assetId, `${signal}: asset`);
        const { broadcasts } = await q<{ broadcasts: { ended_at: string | null }[] }>(
          "query",
          "analytics.get",
          { inputId: input.id },
        );
        assert(broadcasts.length >= 1, `${signal}: analytics row`);
        // The stream key and the playback token minted before the crash still work.
        const pub = await qmuxClient(`${ws()}/publish/${input.external_input_id}`, {
          query: `sk=${streamKey}`,
        });
        const nsPath = `stream/${first.orgId}/${input.external_input_id}`;
        await pub.session.publishNamespace({ trackNamespace: ns(nsPath) });
        const viewer = await qmuxClient(`${ws()}/playback/${input.external_input_id}`, {
          query: `tok=${token}`,
        });
        const status = await viewer.session
          .trackStatus({ trackNamespace: ns(nsPath), trackName: tn("video") })
          .then(
            () => "answered",
            (e: { errorName?: string }) => e.errorName ?? "error",
          );
        assert(!viewer.session.isClosed, `${signal}: the old token is still accepted (${status})`);
        viewer.session.close();
        pub.session.close();
      }
    } finally {
      await server.stop();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
