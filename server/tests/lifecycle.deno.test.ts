// Integration: shutdown on SIGTERM / SIGINT (GOAWAY, close, exit 0 within 2 s),
// also through `clutchcall server` (server/bin/clutchcall.mjs), and the limit flags.
// Run: npx deno test -A --unstable-net server/tests/lifecycle.deno.test.ts
import { SessionErrorCode } from "../../src/moqt/wire/index.ts";
import { generateCertificate } from "../relay/h3/mod.ts";
import {
  assert,
  assertEquals,
  Collector,
  ns,
  qmuxClient,
  refusal,
  TrackPublisher,
  tn,
  until,
  webTransportClient,
} from "./clients.ts";
import { bounded, MAIN, ROOT, ServerProcess } from "./process.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "SIGTERM: every session gets GOAWAY, then is closed; the process exits 0 within 2 s",
  ...opts,
  async fn() {
    const server = await ServerProcess.start(["--port", "0", "--no-auth"]);
    let exited = false;
    try {
      const { ready } = server;
      const goaways: string[] = [];
      const on = (name: string) => ({ goAway: () => void goaways.push(name) });
      const pub = await qmuxClient(ready.ws, { draft: 16, on: on("pub") });
      const track = await TrackPublisher.publish(pub.session, "bye", "t");
      const seen = new Collector();
      const sub = await qmuxClient(ready.ws, {
        draft: 14,
        on: { ...seen.listeners(), ...on("sub") },
      });
      await sub.session.subscribe({ trackNamespace: ns("bye"), trackName: tn("t") });
      const wt = await webTransportClient(ready.relay, ready.certificateSha256, { on: on("wt") });
      // A well-behaved client leaves when told; the others are closed by the server.
      const leaver = await qmuxClient(ready.ws, { draft: 16 });
      leaver.session.on("goAway", () => {
        goaways.push("leaver");
        leaver.session.close();
      });
      await track.group(0, 2);
      await until(() => seen.seen.length === 2, "objects before shutdown", 5_000);

      const t0 = performance.now();
      server.kill("SIGTERM");
      const status = await server.exited(3_000);
      const elapsedMs = performance.now() - t0;
      exited = true;
      assertEquals(status.code, 0, "exit code");
      assert(elapsedMs < 2_000, `exited in ${Math.round(elapsedMs)} ms`);
      assertEquals([...goaways].sort(), ["leaver", "pub", "sub", "wt"], "GOAWAY received");
      const closes = await bounded(
        Promise.all([
          pub.session.closed,
          sub.session.closed,
          leaver.session.closed,
          wt.session.closed,
        ]),
        2_000,
        "client sessions closed",
      );
      assertEquals(
        closes.slice(0, 2).map((c) => [c.code, c.remote]),
        [
          [SessionErrorCode.NO_ERROR, true],
          [SessionErrorCode.NO_ERROR, true],
        ],
        "closed by the server with NO_ERROR",
      );
      assertEquals(closes[2]!.remote, false, "the leaver closed itself");
      const stopping = server.events("server.stopping")[0];
      assertEquals([stopping?.sessions, stopping?.goaway], [4, 4], "server.stopping log");
      assertEquals(server.events("server.stopped")[0]?.closedSessions, 3, "closed by the server");
      assertEquals(server.stdout.length, 1, "stdout is only the ready line");
    } finally {
      if (!exited) await server.stop();
    }
  },
});

Deno.test({
  name: "`clutchcall server` (bin) runs the server on npm's Deno and forwards SIGINT; exit 0",
  ...opts,
  async fn() {
    const child = new Deno.Command("node", {
      args: [
        `${ROOT}server/bin/clutchcall.mjs`,
        "server",
        "--port",
        "0",
        "--no-auth",
        "--log-level",
        "warn",
      ],
      cwd: ROOT,
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).spawn();
    let stopped = false;
    try {
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let text = "";
      while (!text.includes("\n")) {
        const { value, done } = await bounded(reader.read(), 20_000, "ready line via the bin");
        if (done) break;
        text += value;
      }
      const ready = JSON.parse(text.split("\n")[0]!) as { event: string; http: string };
      assertEquals(ready.event, "ready", "ready line");
      const health = await fetch(`${ready.http}/healthz`);
      assertEquals(health.status, 200, "health");
      await health.body?.cancel();
      const t0 = performance.now();
      child.kill("SIGINT");
      const status = await bounded(child.status, 3_000, "bin exit");
      stopped = true;
      assertEquals(status.code, 0, "bin exit code");
      assert(performance.now() - t0 < 2_000, "exit within 2 s");
      await reader.cancel();
    } finally {
      if (!stopped) {
        child.kill("SIGKILL");
        await child.status;
      }
    }
  },
});

Deno.test({
  name: "limit flags: sessions, requests per session, object size, cache bytes",
  ...opts,
  async fn() {
    const server = await ServerProcess.start([
      "--port",
      "0",
      "--no-auth",
      "--max-sessions",
      "3",
      "--max-requests-per-session",
      "2",
      "--max-object-bytes",
      "1K",
      "--max-cache-bytes",
      "4K",
    ]);
    try {
      await bounded(
        (async () => {
          const { ready } = server;
          // The ready line (stdout) may be read before the log line (stderr) saying so.
          const limits = (await server.waitForLog((r) => r.event === "server.ready")).limits;
          assertEquals(
            limits,
            { maxSessions: 3, maxRequestsPerSession: 2, maxObjectBytes: 1024, maxCacheBytes: 4096 },
            "limits logged",
          );
          const pub = await qmuxClient(ready.ws, { draft: 16 });
          const seen = new Collector();
          const sub = await qmuxClient(ready.ws, { draft: 16, on: seen.listeners() });
          const third = await qmuxClient(ready.ws, { draft: 14 });

          // Sessions: the fourth is closed at once, and the reason names the limit.
          const fourth = await qmuxClient(ready.ws).catch((e: unknown) => e);
          assert(fourth instanceof Error, "fourth session refused");
          assertEquals(
            await refusal(Promise.reject(fourth)),
            SessionErrorCode.INTERNAL_ERROR,
            "code",
          );
          assert(fourth.message.includes("maxSessions (3)"), `reason: ${fourth.message}`);

          // Requests per session: the third live request is refused, naming the limit.
          await third.session.publishNamespace({ trackNamespace: ns("r/1") });
          await third.session.publishNamespace({ trackNamespace: ns("r/2") });
          const over = await third.session
            .publishNamespace({ trackNamespace: ns("r/3") })
            .catch((e: unknown) => e);
          assert(over instanceof Error, "third request refused");
          assert(over.message.includes("maxRequestsPerSession (2)"), `reason: ${over.message}`);
          assert(!third.session.isClosed, "the session goes on");

          // Object size: a 2 KiB Object is stopped at the relay and ends the subscription
          // (PUBLISH_DONE naming the limit); subscribed again, smaller ones pass.
          const track = await TrackPublisher.publish(pub.session, "big", "t");
          const name = { trackNamespace: ns("big"), trackName: tn("t") };
          await sub.session.subscribe(name);
          await track.group(0, 1, { size: 2048 }).catch(() => undefined);
          await server.waitForLog((r) => r.event === "object.too_large");
          await server.waitForLog((r) => r.event === "subscription.ended" && r.track === "big:t");
          const ok = await sub.session.subscribe(name);
          for (let g = 1; g <= 8; g++) await track.group(g, 1, { size: 900 });
          await until(() => seen.seen.length === 8, "small objects", 5_000);
          assertEquals(
            seen.keys(ok.trackAlias),
            ["1:0", "2:0", "3:0", "4:0", "5:0", "6:0", "7:0", "8:0"],
            "the oversized Object never arrived",
          );

          // Cache bytes: 8 × 900 bytes went through; the cache stays within 4 KiB.
          const health = (await (await fetch(`${ready.http}/healthz`)).json()) as {
            cacheBytes: number;
          };
          assert(
            health.cacheBytes > 0 && health.cacheBytes <= 4096,
            `cache ${health.cacheBytes} B`,
          );
          for (const c of [pub, sub, third]) c.session.close();
        })(),
        20_000,
        "limits",
      );
    } finally {
      await server.stop();
    }
  },
});

Deno.test({
  name: "bad command lines exit 2 with a message; a taken port exits 1 naming it",
  ...opts,
  async fn() {
    const run = async (args: string[]) => {
      const out = await bounded(
        new Deno.Command(Deno.execPath(), {
          args: ["run", "-A", "--unstable-net", MAIN, ...args],
          cwd: ROOT,
          stdout: "piped",
          stderr: "piped",
        }).output(),
        20_000,
        `server ${args.join(" ")}`,
      );
      const dec = new TextDecoder();
      return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
    };
    const help = await run(["--help"]);
    assertEquals(help.code, 0, "--help exit");
    assert(help.stdout.includes("--max-sessions N"), "help text");
    const bad = await run(["--port", "http"]);
    assertEquals(bad.code, 2, "bad port exit");
    assert(bad.stderr.includes("--port must be an integer"), bad.stderr);
    assertEquals(bad.stdout, "", "nothing on stdout");
    const unknown = await run(["--bogus"]);
    assertEquals(unknown.code, 2, "unknown flag exit");
    assert(unknown.stderr.includes("--bogus"), unknown.stderr);
    const open = await run(["--host", "0.0.0.0", "--port", "0"]);
    assertEquals(open.code, 2, "non-loopback without an auth choice");
    assert(open.stderr.includes("--auth-key FILE"), open.stderr);

    // TCP taken, UDP free: the server names the TCP side.
    const tcp = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    try {
      const port = (tcp.addr as Deno.NetAddr).port;
      const taken = await run(["--port", String(port), "--no-auth"]);
      assertEquals(taken.code, 1, "taken port exit");
      assert(
        taken.stderr.includes(`cannot listen on TCP 127.0.0.1:${port}`) &&
          taken.stderr.includes("already in use"),
        taken.stderr,
      );
      assertEquals(taken.stdout, "", "no ready line");
    } finally {
      tcp.close();
    }
  },
});

Deno.test({
  name: "--cert/--key: the server serves the given certificate and its hash",
  ...opts,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "clutchcall-cert-" });
    const cert = await generateCertificate({ validityDays: 5 });
    await Deno.writeTextFile(`${dir}/cert.pem`, cert.certPem);
    await Deno.writeTextFile(`${dir}/key.pem`, cert.keyPem);
    const server = await ServerProcess.start([
      "--port",
      "0",
      "--no-auth",
      "--cert",
      `${dir}/cert.pem`,
      "--key",
      `${dir}/key.pem`,
    ]);
    try {
      assertEquals(server.ready.certificateSha256, cert.sha256Hex, "ready line hash");
      const served = await (await fetch(`${server.ready.http}/certificate.sha256`)).text();
      assertEquals(served, cert.sha256Hex, "served hash");
      const c = await bounded(
        webTransportClient(server.ready.relay, cert.sha256Hex),
        10_000,
        "WebTransport with the given certificate",
      );
      c.session.close();
    } finally {
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
    const missing = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--unstable-net",
        MAIN,
        "--port",
        "0",
        "--cert",
        "/nonexistent.pem",
        "--key",
        "/x.pem",
      ],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(missing.code, 1, "unreadable certificate exit");
    assert(
      new TextDecoder().decode(missing.stderr).includes("cannot load --cert /nonexistent.pem"),
      "message",
    );
  },
});
