// Integration: a publisher's session ending mid-stream over QMux (transport loss,
// protocol violation, close while writing) releases every cached byte and leaves
// no track behind (/healthz).
// Run: npx deno test -A --unstable-net server/tests/leak.deno.test.ts
import { ObjectStatus } from "../../src/moqt/wire/data/index.ts";
import {
  assertEquals,
  type Client,
  ns,
  payloadOf,
  qmuxClient,
  TrackPublisher,
  tn,
} from "./clients.ts";
import { bounded, ServerProcess } from "./process.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

const ENDINGS: Record<string, (pub: Client) => Promise<void>> = {
  "transport loss": async (pub) => pub.transport.close({ closeCode: 0, reason: "" }),
  "protocol violation": async (pub) => {
    // A unidirectional stream of an unknown type ends the session (§"Data Streams").
    const s = await pub.transport.createUnidirectionalStream();
    await s.getWriter().write(new Uint8Array([0x3f, 0xff, 0xff]));
  },
  "close while writing": async (pub) => pub.session.close(),
};

interface Health {
  readonly sessions: number;
  readonly tracks: number;
  readonly cacheBytes: number;
}

Deno.test({
  name: "publishers ending mid-stream: cache bytes and tracks return to zero",
  ...opts,
  async fn() {
    const server = await ServerProcess.start(["--port", "0", "--no-auth", "--log-level", "error"]);
    const health = async () =>
      (await (await fetch(`${server.ready.http}/healthz`)).json()) as Health;
    try {
      await bounded(
        (async () => {
          const sub = await qmuxClient(server.ready.ws);
          let round = 0;
          for (const [how, end] of Object.entries(ENDINGS)) {
            for (let i = 0; i < 10; i++, round++) {
              const pub = await qmuxClient(server.ready.ws, { draft: i % 2 === 0 ? 16 : 14 });
              const track = await TrackPublisher.publish(pub.session, "leak", `t${round}`);
              await sub.session.subscribe({
                trackNamespace: ns("leak"),
                trackName: tn(`t${round}`),
              });
              const w = await track.open(0);
              for (let o = 0; o < 64; o++) {
                const payload = payloadOf(0, o, 1024);
                void w.write({ objectId: o, status: ObjectStatus.NORMAL, payload }).catch(() => {});
              }
              await end(pub);
            }
            while ((await health()).sessions !== 1) await new Promise((r) => setTimeout(r, 20));
            void how;
          }
          await new Promise((r) => setTimeout(r, 300));
          const h = await health();
          assertEquals(
            [h.sessions, h.tracks, h.cacheBytes],
            [1, 0, 0],
            "sessions, tracks, cacheBytes",
          );
          sub.session.close();
        })(),
        30_000,
        "rounds",
      );
    } finally {
      await server.stop();
    }
  },
});
