// Integration: a flood of peer protocol violations (QMux junk from one address)
// yields warnings at most, rate-limited, instead of one error line per peer.
// Run: npx deno test -A --unstable-net server/tests/logs.deno.test.ts
import { assert } from "./clients.ts";
import { bounded, ServerProcess } from "./process.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const PEERS = 100;

/** A WebSocket that upgrades to QMux, then sends bytes that are not QMux. */
async function junkPeer(ws: string): Promise<void> {
  const junk = new WebSocket(ws, ["qmux-02.moqt-16"]);
  junk.binaryType = "arraybuffer";
  await new Promise((resolve, reject) => {
    junk.onopen = resolve;
    junk.onerror = reject;
  });
  const gone = new Promise((resolve) => (junk.onclose = resolve));
  junk.send(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00]));
  await gone;
}

Deno.test({
  name: `log flooding: ${PEERS} peers sending junk give no error lines and a bounded number of warnings`,
  ...opts,
  async fn() {
    const server = await ServerProcess.start(["--port", "0", "--no-auth"]);
    try {
      await bounded(
        (async () => {
          for (let i = 0; i < PEERS; i += 10) {
            await Promise.all(Array.from({ length: 10 }, () => junkPeer(server.ready.ws)));
          }
          await new Promise((r) => setTimeout(r, 200));
        })(),
        30_000,
        "junk peers",
      );
      const peerCaused = server.logs.filter((r) => r.level === "warn" || r.level === "error");
      const errors = peerCaused.filter((r) => r.level === "error");
      assert(errors.length === 0, `error lines: ${JSON.stringify(errors.slice(0, 3))}`);
      // Each peer causes two lines (QMux's console output and session.refused), 200 in
      // all unbounded: the per-address and per-event bursts (60 each) cap them.
      assert(peerCaused.length <= 150, `${peerCaused.length} warnings for ${PEERS} peers`);
    } finally {
      await server.stop();
    }
  },
});
