// Integration: fan-out through the real server over QMux. One publisher, 50
// subscribers (alternating draft-16 / draft-14): every Object reaches every
// subscriber, and the publisher sends the same bytes as with one subscriber.
// Run: npx deno test -A --unstable-net server/tests/fanout.deno.test.ts

import { MoqtSession } from "../../src/moqt/session/index.ts";
import { CountingTransport, type SentBytes } from "../relay/core/testing/counting-transport.ts";
import { versionOf } from "../relay/core/testing/harness.ts";
import {
  assert,
  assertEquals,
  type Client,
  Collector,
  expectedKeys,
  ns,
  qmuxClient,
  qmuxTransport,
  TrackPublisher,
  tn,
  until,
} from "./clients.ts";
import { bounded, ServerProcess } from "./process.ts";

const GROUPS = 5;
const PER_GROUP = 10;
const SIZE = 200;

/** Publishes GROUPS × PER_GROUP Objects to `n` subscribers; returns the publisher's bytes. */
async function fanOut(
  ws: string,
  path: string,
  n: number,
): Promise<{ sent: SentBytes; collectors: Collector[]; aliases: number[]; ms: number }> {
  const counter = new CountingTransport(await qmuxTransport(ws, 16));
  const pub = await MoqtSession.connect(counter, { versions: [versionOf(16)] });
  const track = await TrackPublisher.publish(pub, path, "video");
  const collectors: Collector[] = [];
  const aliases: number[] = [];
  const subs: Client[] = [];
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const c = new Collector();
      const sub = await qmuxClient(ws, { draft: i % 2 === 0 ? 16 : 14, on: c.listeners() });
      const ok = await sub.session.subscribe({ trackNamespace: ns(path), trackName: tn("video") });
      collectors[i] = c;
      aliases[i] = ok.trackAlias;
      subs.push(sub);
    }),
  );
  const t0 = performance.now();
  for (let g = 0; g < GROUPS; g++) await track.group(g, PER_GROUP, { size: SIZE });
  const total = GROUPS * PER_GROUP;
  await until(
    () => collectors.every((c) => c.seen.length === total),
    "every object everywhere",
    15_000,
  );
  const ms = performance.now() - t0;
  const sent = { ...counter.sent };
  for (const s of subs) s.session.close();
  pub.close();
  return { sent, collectors, aliases, ms };
}

Deno.test({
  name: "fan-out through the real server: 1 publisher → 50 QMux subscribers",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const server = await ServerProcess.start(["--port", "0", "--no-auth", "--log-level", "warn"]);
    try {
      await bounded(
        (async () => {
          const one = await fanOut(server.ready.ws, "fan/one", 1);
          const fifty = await fanOut(server.ready.ws, "fan/two", 50);
          assertEquals(fifty.collectors.length, 50, "subscribers");
          const want = expectedKeys(0, GROUPS - 1, PER_GROUP);
          fifty.collectors.forEach((c, i) => {
            assertEquals(c.keys(fifty.aliases[i]), want, `subscriber ${i}`);
            assertEquals(c.streams.length, GROUPS, `subscriber ${i}: one stream per group`);
            const bad = c.seen.find((s) => s.payload.length !== SIZE || s.payload[0] !== s.group);
            assert(bad === undefined, `subscriber ${i}: payloads intact`);
          });
          // The publisher sends each Object once, whatever the subscriber count.
          assertEquals(fifty.sent.data, one.sent.data, "publisher data bytes");
          assertEquals(fifty.sent.control, one.sent.control, "publisher control bytes");
          assert(fifty.sent.data > GROUPS * PER_GROUP * SIZE, "all payload bytes sent once");
          assert(fifty.sent.data < GROUPS * PER_GROUP * (SIZE + 8), "and only once");
          console.log(
            `fan-out: publisher sent ${fifty.sent.data} data bytes for 1 and 50 subscribers; ` +
              `50 × ${GROUPS * PER_GROUP} objects delivered in ${Math.round(fifty.ms)} ms`,
          );
        })(),
        60_000,
        "fan-out",
      );
    } finally {
      await server.stop();
    }
  },
});
