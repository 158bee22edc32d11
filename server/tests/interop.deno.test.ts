// Interoperability with an implementation written elsewhere: moq-dev's
// `@moq/net` (IETF moq-transport mode) through the real server, over QMux over
// WebSocket. draft-16 through @moq/net's own WebSocket dial ("qmux-0x.moqt-16"),
// draft-14 through a bare QMux session (version chosen in SETUP). Both
// directions: @moq/net publishes to SDK subscribers, SDK publishers reach
// @moq/net subscribers, and @moq/net reaches @moq/net through the relay.
// Run: npx deno test -A --unstable-net server/tests/interop.deno.test.ts
import * as Moq from "@moq/net";
import QmuxSession from "@moq/qmux";
import { ObjectStatus, SubgroupIdMode } from "../../src/moqt/wire/data/index.ts";
import { assertEquals, Collector, ns, qmuxClient, TrackPublisher, tn, until } from "./clients.ts";
import { bounded, ServerProcess } from "./process.ts";

const DEC = new TextDecoder();
const opts = { sanitizeOps: false, sanitizeResources: false };

/**
 * @moq/net's own connect. Deno has a `WebTransport` global, which @moq/net would
 * race against WebSocket; it is hidden during the dial so WebSocket is used.
 */
async function moqNetWebSocket(http: string): Promise<Moq.Connection.Established> {
  const g = globalThis as { WebTransport?: unknown };
  const saved = g.WebTransport;
  delete g.WebTransport;
  try {
    return await Moq.Connection.connect(new URL(`${http}/moq`));
  } finally {
    g.WebTransport = saved;
  }
}

/** @moq/net over a QMux session offering only bare tokens: MoQT picks draft-14 in SETUP. */
function moqNetDraft14(ready: { http: string; ws: string }): Promise<Moq.Connection.Established> {
  const transport = new QmuxSession(ready.ws, { protocols: [] });
  return Moq.Connection.connect(new URL(`${ready.http}/moq`), {
    transport: transport as unknown as WebTransport,
  });
}

/** Every frame of the next `groups` groups of `sub`, as "group:text". */
async function readGroups(sub: Moq.Track.Subscriber, groups: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < groups; i++) {
    const group = await sub.recvGroup();
    if (group === undefined) break;
    for (let f = await group.readFrame(); f !== undefined; f = await group.readFrame()) {
      out.push(`${group.sequence}:${DEC.decode(f.payload)}`);
    }
  }
  return out.sort();
}

/** @moq/net logs its progress through console.log/debug; keep the test output readable. */
function quietConsole(): () => void {
  const { log, debug } = console;
  console.log = () => {};
  console.debug = () => {};
  return () => {
    console.log = log;
    console.debug = debug;
  };
}

for (const draft of [16, 14] as const) {
  Deno.test({
    name: `@moq/net interop at draft-${draft} (QMux over WebSocket), both directions`,
    ...opts,
    async fn(t) {
      const restore = quietConsole();
      const server = await ServerProcess.start(["--port", "0", "--no-auth"]);
      const { ready } = server;
      const dial = () => (draft === 16 ? moqNetWebSocket(ready.http) : moqNetDraft14(ready));
      const conns: Moq.Connection.Established[] = [];
      try {
        await t.step("@moq/net connects and negotiates the draft", () =>
          bounded(
            (async () => {
              const conn = await dial();
              conns.push(conn);
              assertEquals(conn.version, `moq-transport-${draft}`, "negotiated version");
              await server.waitForLog((r) => r.event === "session.accepted" && r.draft === draft);
            })(),
            15_000,
            "connect",
          ),
        );

        await t.step("@moq/net publishes; SDK subscribers (draft-16 and draft-14) receive", () =>
          bounded(
            (async () => {
              const conn = conns[0]!;
              const broadcast = new Moq.Broadcast.Producer();
              const track = broadcast.createTrack("video");
              const path = `interop${draft}/net`;
              conn.publish(Moq.Path.from(path), broadcast);
              await server.waitForLog(
                (r) => r.event === "namespace.published" && r.namespace === path,
              );
              const seen16 = new Collector();
              const seen14 = new Collector();
              const s16 = await qmuxClient(ready.ws, { draft: 16, on: seen16.listeners() });
              const s14 = await qmuxClient(ready.ws, { draft: 14, on: seen14.listeners() });
              const ok16 = await s16.session.subscribe({
                trackNamespace: ns(path),
                trackName: tn("video"),
              });
              const ok14 = await s14.session.subscribe({
                trackNamespace: ns(path),
                trackName: tn("video"),
              });
              for (let g = 0; g < 3; g++) {
                const group = track.appendGroup();
                group.writeString(`frame ${g}.0`);
                group.writeString(`frame ${g}.1`);
                group.close();
              }
              const want = [
                "0:0=frame 0.0",
                "0:1=frame 0.1",
                "1:0=frame 1.0",
                "1:1=frame 1.1",
                "2:0=frame 2.0",
                "2:1=frame 2.1",
              ];
              const text = (c: Collector, alias: number) =>
                c.seen
                  .filter((s) => s.alias === alias)
                  .map((s) => `${s.group}:${s.object}=${DEC.decode(s.payload)}`)
                  .sort();
              await until(
                () => seen16.seen.length === 6 && seen14.seen.length === 6,
                "objects",
                5_000,
              );
              assertEquals(text(seen16, ok16.trackAlias), want, "draft-16 subscriber");
              assertEquals(text(seen14, ok14.trackAlias), want, "draft-14 subscriber");
              s16.session.close();
              s14.session.close();
              broadcast.close();
            })(),
            15_000,
            "@moq/net → SDK",
          ),
        );

        await t.step(
          "SDK publishers (PUBLISH draft-16, PUBLISH_NAMESPACE draft-14) reach @moq/net",
          () =>
            bounded(
              (async () => {
                const conn = conns[0]!;
                // PUBLISH from a draft-16 SDK session.
                const pub = await qmuxClient(ready.ws, { draft: 16 });
                const track = await TrackPublisher.publish(pub.session, `sdk${draft}/a`, "video");
                const sub = conn.consume(Moq.Path.from(`sdk${draft}/a`)).subscribe("video");
                await server.waitForLog(
                  (r) => r.event === "subscription.started" && r.track === `sdk${draft}/a:video`,
                );
                const enc = new TextEncoder();
                for (let g = 0; g < 2; g++) {
                  const w = await track.open(g);
                  for (let o = 0; o < 2; o++) {
                    await w.write({
                      objectId: o,
                      status: ObjectStatus.NORMAL,
                      payload: enc.encode(`sdk ${g}.${o}`),
                    });
                  }
                  await w.close();
                }
                assertEquals(
                  await readGroups(sub, 2),
                  ["0:sdk 0.0", "0:sdk 0.1", "1:sdk 1.0", "1:sdk 1.1"],
                  "PUBLISH → @moq/net",
                );
                sub.close();
                pub.session.close();

                // PUBLISH_NAMESPACE from a draft-14 SDK session, answering the relay's SUBSCRIBE.
                let alias = 0;
                const pub14 = await qmuxClient(ready.ws, {
                  draft: 14,
                  handler: {
                    subscribe: () => {
                      alias = 42;
                      return { trackAlias: alias };
                    },
                  },
                });
                await pub14.session.publishNamespace({ trackNamespace: ns(`sdk${draft}/b`) });
                const sub14 = conn.consume(Moq.Path.from(`sdk${draft}/b`)).subscribe("video");
                await until(() => alias === 42, "the relay's SUBSCRIBE", 5_000);
                const w = await pub14.session.openSubgroup({
                  kind: "subgroup",
                  trackAlias: alias,
                  groupId: 5,
                  subgroupIdMode: SubgroupIdMode.ZERO,
                  publisherPriority: 128,
                  hasExtensions: false,
                  endOfGroup: false,
                });
                await w.write({
                  objectId: 0,
                  status: ObjectStatus.NORMAL,
                  payload: enc.encode("ns 5.0"),
                });
                await w.close();
                assertEquals(
                  await readGroups(sub14, 1),
                  ["5:ns 5.0"],
                  "PUBLISH_NAMESPACE → @moq/net",
                );
                sub14.close();
                pub14.session.close();
              })(),
              15_000,
              "SDK → @moq/net",
            ),
        );

        await t.step("@moq/net → relay → @moq/net", () =>
          bounded(
            (async () => {
              const a = conns[0]!;
              const b = await dial();
              conns.push(b);
              const broadcast = new Moq.Broadcast.Producer();
              const track = broadcast.createTrack("chat");
              a.publish(Moq.Path.from(`both${draft}`), broadcast);
              await server.waitForLog(
                (r) => r.event === "namespace.published" && r.namespace === `both${draft}`,
              );
              const sub = b.consume(Moq.Path.from(`both${draft}`)).subscribe("chat");
              await server.waitForLog(
                (r) => r.event === "upstream.subscribed" && r.track === `both${draft}:chat`,
              );
              for (let g = 0; g < 2; g++) {
                const group = track.appendGroup();
                group.writeString(`hi ${g}`);
                group.close();
              }
              assertEquals(await readGroups(sub, 2), ["0:hi 0", "1:hi 1"], "frames");
              sub.close();
              broadcast.close();
            })(),
            15_000,
            "@moq/net ↔ @moq/net",
          ),
        );

        await t.step("@moq/net subscribing to a track nobody publishes is answered at once", () =>
          bounded(
            (async () => {
              // The interop runner's `subscribe-error` case: an answer within 2 s.
              const started = performance.now();
              const sub = conns[0]!
                .consume(Moq.Path.from("nonexistent/namespace"))
                .subscribe("test-track");
              const ended = await sub.recvGroup().then(
                (g) => `ended (${g === undefined ? "no group" : "a group"})`,
                (e: unknown) => `refused (${e instanceof Error ? e.message : e})`,
              );
              const elapsedMs = performance.now() - started;
              assertEquals(
                elapsedMs < 2_000,
                true,
                `answered in ${Math.round(elapsedMs)} ms: ${ended}`,
              );
              sub.close();
            })(),
            15_000,
            "subscribe-error",
          ),
        );
      } finally {
        for (const c of conns) c.close();
        await server.stop();
        restore();
      }
    },
  });
}
