import { type ChildProcess, spawn } from "node:child_process";
import { expect, type Page, test } from "@playwright/test";

/**
 * Chromium against the Deno HTTP/3 + WebTransport layer (server/relay/h3),
 * through its echo server: protocol negotiation, bidirectional and
 * unidirectional echo, datagrams, 1000 small streams, and close detection in
 * both directions. Loopback only; every wait is bounded.
 */

interface ServerEvent {
  readonly event: string;
  readonly [key: string]: unknown;
}

interface ReadyEvent extends ServerEvent {
  readonly port: number;
  readonly certificateHash: string;
}

/** The echo server child process and the JSON lines it prints. */
class EchoServer {
  readonly events: ServerEvent[] = [];
  #waiters: { match: (e: ServerEvent) => boolean; resolve: (e: ServerEvent) => void }[] = [];
  #buffer = "";
  #stderr = "";

  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (text: string) => this.#onData(text));
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (text: string) => {
      this.#stderr = (this.#stderr + text).slice(-4000);
    });
  }

  #onData(text: string): void {
    this.#buffer += text;
    for (let end = this.#buffer.indexOf("\n"); end >= 0; end = this.#buffer.indexOf("\n")) {
      const line = this.#buffer.slice(0, end).trim();
      this.#buffer = this.#buffer.slice(end + 1);
      if (!line.startsWith("{")) continue;
      const event = JSON.parse(line) as ServerEvent;
      this.events.push(event);
      for (const waiter of this.#waiters.filter((w) => w.match(event))) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  }

  /** Resolves with the first event (past or future) that matches, or fails after `timeoutMs`. */
  waitFor<T extends ServerEvent = ServerEvent>(
    match: (e: ServerEvent) => boolean,
    timeoutMs: number,
  ): Promise<T> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w.resolve !== done);
        reject(new Error(`no matching server event in ${timeoutMs} ms; stderr: ${this.#stderr}`));
      }, timeoutMs);
      const done = (e: ServerEvent) => {
        clearTimeout(timer);
        resolve(e as T);
      };
      this.#waiters.push({ match, resolve: done });
    });
  }

  /** Stops the child (its own process group, by PID): SIGTERM, then SIGKILL after 3 s. */
  async stop(): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined || this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    process.kill(-pid, "SIGTERM");
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, 3_000);
    await exited;
    clearTimeout(timer);
  }
}

let server: EchoServer;
let ready: ReadyEvent;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const child = spawn(
    "npx",
    ["deno", "run", "-A", "--unstable-net", "server/relay/h3/echo-server.ts", "--no-http"],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  server = new EchoServer(child);
  ready = await server.waitFor<ReadyEvent>((e) => e.event === "ready", 30_000);
});

test.afterAll(async () => {
  await server?.stop();
});

/** Arguments every page-side block needs to open a session. */
function target(path: string): { url: string; hash: string } {
  return { url: `https://127.0.0.1:${ready.port}${path}`, hash: ready.certificateHash };
}

/** Loads the blank page and lets the dev server's client settle (it may reload once). */
async function openBlank(page: Page): Promise<void> {
  await page.goto("/tests/pages/blank.html");
  await page.waitForLoadState("networkidle");
}

type WithProtocol = WebTransport & { readonly protocol?: string };

test("negotiates wt-protocol, passes path and query, echoes a bidirectional stream", async ({
  page,
}) => {
  await openBlank(page);
  const result = await page.evaluate(async ({ url, hash }) => {
    const timeout = <T>(p: Promise<T>, ms: number, what: string) =>
      Promise.race([
        p,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(what)), ms)),
      ]);
    const value = Uint8Array.from(hash.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    const transport = new WebTransport(url, {
      serverCertificateHashes: [{ algorithm: "sha-256", value }],
      protocols: ["moqt-16", "moq-00"],
    } as WebTransportOptions) as WithProtocol;
    await timeout(transport.ready, 5_000, "ready");

    const stream = await transport.createBidirectionalStream();
    const sent = new Uint8Array(200_000).map((_, i) => (i * 7) & 0xff);
    const writer = stream.writable.getWriter();
    void writer.write(sent).then(() => writer.close());
    const chunks: Uint8Array[] = [];
    await timeout(
      (async () => {
        for await (const chunk of stream.readable as unknown as AsyncIterable<Uint8Array>) {
          chunks.push(chunk);
        }
      })(),
      10_000,
      "bidi echo",
    );
    const echoed = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let offset = 0;
    for (const chunk of chunks) {
      echoed.set(chunk, offset);
      offset += chunk.length;
    }

    // server-initiated bidirectional stream (greet=1)
    const incoming = transport.incomingBidirectionalStreams.getReader();
    const { value: greeting } = await timeout(incoming.read(), 5_000, "server bidi");
    let greetText = "";
    for await (const chunk of greeting!.readable as unknown as AsyncIterable<Uint8Array>) {
      greetText += new TextDecoder().decode(chunk);
    }
    transport.close();
    return {
      protocol: transport.protocol ?? null,
      sameBytes: echoed.length === sent.length && echoed.every((b, i) => b === sent[i]),
      echoedLength: echoed.length,
      greetText,
    };
  }, target("/echo?jwt=abc.def&greet=1"));

  expect(result.protocol, "transport.protocol (Chromium supports `protocols`)").toBe("moqt-16");
  expect(result.echoedLength).toBe(200_000);
  expect(result.sameBytes).toBe(true);
  expect(result.greetText).toBe("greet");
  const session = await server.waitFor(
    (e) => e.event === "session" && e.path === "/echo?jwt=abc.def&greet=1",
    2_000,
  );
  expect(session.protocol).toBe("moqt-16");
  expect(session.offered).toEqual(["moqt-16", "moq-00"]);
});

test("echoes unidirectional streams and datagrams", async ({ page }) => {
  await openBlank(page);
  const result = await page.evaluate(async ({ url, hash }) => {
    const timeout = <T>(p: Promise<T>, ms: number, what: string) =>
      Promise.race([
        p,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(what)), ms)),
      ]);
    const value = Uint8Array.from(hash.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    const transport = new WebTransport(url, {
      serverCertificateHashes: [{ algorithm: "sha-256", value }],
    });
    await timeout(transport.ready, 5_000, "ready");

    const uni = await transport.createUnidirectionalStream();
    const uniWriter = uni.getWriter();
    await uniWriter.write(new TextEncoder().encode("uni payload 123"));
    await uniWriter.close();
    const incoming = transport.incomingUnidirectionalStreams.getReader();
    const { value: back } = await timeout(incoming.read(), 5_000, "uni echo");
    let uniText = "";
    for await (const chunk of back as unknown as AsyncIterable<Uint8Array>) {
      uniText += new TextDecoder().decode(chunk);
    }

    const writer = transport.datagrams.writable.getWriter();
    const reader = transport.datagrams.readable.getReader();
    const received = new Set<string>();
    const reading = (async () => {
      for (;;) {
        const { value: datagram, done } = await reader.read();
        if (done) return;
        received.add(new TextDecoder().decode(datagram));
      }
    })();
    reading.catch(() => {});
    // Datagrams are unreliable: resend each round until an echo arrives (bounded).
    for (let round = 0; round < 10 && received.size < 20; round++) {
      for (let i = 0; i < 20; i++) await writer.write(new TextEncoder().encode(`dgram-${i}`));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const maxDatagramSize = (transport.datagrams as { maxDatagramSize?: number }).maxDatagramSize;
    transport.close();
    return { uniText, datagramsEchoed: received.size, maxDatagramSize: maxDatagramSize ?? null };
  }, target("/echo?test=uni"));

  expect(result.uniText).toBe("uni payload 123");
  expect(result.datagramsEchoed).toBeGreaterThan(0);
  console.log(
    `datagrams: ${result.datagramsEchoed}/20 distinct echoed, maxDatagramSize ${result.maxDatagramSize}`,
  );
});

test("1000 x 1 KB unidirectional streams each way", async ({ page }) => {
  await openBlank(page);
  const result = await page.evaluate(async ({ url, hash }) => {
    const timeout = <T>(p: Promise<T>, ms: number, what: string) =>
      Promise.race([
        p,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(what)), ms)),
      ]);
    const value = Uint8Array.from(hash.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    const transport = new WebTransport(url, {
      serverCertificateHashes: [{ algorithm: "sha-256", value }],
    });
    await timeout(transport.ready, 5_000, "ready");
    const count = 1000;
    const inFlight = 50; // Chromium refuses new streams beyond the server's credit
    const start = performance.now();

    const seen = new Uint8Array(count);
    let receivedBytes = 0;
    let badStreams = 0;
    const receiving = (async () => {
      const incoming = transport.incomingUnidirectionalStreams.getReader();
      const reads: Promise<void>[] = [];
      for (let n = 0; n < count; n++) {
        const { value: stream } = await incoming.read();
        reads.push(
          (async () => {
            const parts: Uint8Array[] = [];
            for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
              parts.push(chunk);
            }
            const size = parts.reduce((s, p) => s + p.length, 0);
            receivedBytes += size;
            const first = parts[0];
            if (size !== 1024 || !first || first.length < 2) {
              badStreams++;
              return;
            }
            seen[(first[0]! << 8) | first[1]!] = 1;
          })(),
        );
      }
      await Promise.all(reads);
    })();

    let next = 0;
    const senders = Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const index = next++;
        const payload = new Uint8Array(1024);
        payload[0] = index >> 8;
        payload[1] = index & 0xff;
        const stream = await transport.createUnidirectionalStream();
        const writer = stream.getWriter();
        void writer.write(payload);
        await writer.close();
      }
    });
    await timeout(Promise.all(senders), 30_000, "sending");
    const sentMs = performance.now() - start;
    await timeout(receiving, 30_000, "receiving");
    const totalMs = performance.now() - start;
    transport.close();
    return {
      sentMs,
      totalMs,
      receivedBytes,
      badStreams,
      distinct: seen.reduce((s, b) => s + b, 0),
    };
  }, target("/echo?test=streams"));

  expect(result.badStreams).toBe(0);
  expect(result.distinct).toBe(1000);
  expect(result.receivedBytes).toBe(1024 * 1000);
  console.log(
    `1000 x 1 KB uni streams: browser->server sent in ${result.sentMs.toFixed(0)} ms, ` +
      `all echoed back on server-opened streams in ${result.totalMs.toFixed(0)} ms`,
  );
});

test("server pushes 1000 x 1 KB unidirectional streams through its open queue", async ({
  page,
}) => {
  await openBlank(page);
  const path = "/echo?test=source&source=1000&size=1024";
  const result = await page.evaluate(async ({ url, hash }) => {
    const value = Uint8Array.from(hash.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    const transport = new WebTransport(url, {
      serverCertificateHashes: [{ algorithm: "sha-256", value }],
    });
    await transport.ready;
    const start = performance.now();
    const seen = new Uint8Array(1000);
    let bytes = 0;
    const incoming = transport.incomingUnidirectionalStreams.getReader();
    const reads: Promise<void>[] = [];
    const receiving = (async () => {
      for (let n = 0; n < 1000; n++) {
        const { value: stream } = await incoming.read();
        reads.push(
          (async () => {
            let first: Uint8Array | undefined;
            for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
              first ??= chunk;
              bytes += chunk.length;
            }
            if (first && first.length >= 4) {
              seen[new DataView(first.buffer, first.byteOffset).getUint32(0)] = 1;
            }
          })(),
        );
      }
      await Promise.all(reads);
    })();
    await Promise.race([
      receiving,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("receive")), 30_000)),
    ]);
    const ms = performance.now() - start;
    transport.close();
    return { ms, bytes, distinct: seen.reduce((s, b) => s + b, 0) };
  }, target(path));
  const source = await server.waitFor((e) => e.event === "source" && e.path === path, 5_000);
  expect(result.distinct).toBe(1000);
  expect(result.bytes).toBe(1024 * 1000);
  expect(source.failed).toBe(0);
  console.log(
    `server->browser 1000 x 1 KB uni streams: browser got all in ${result.ms.toFixed(0)} ms; ` +
      `server sent in ${(source.ms as number).toFixed(0)} ms, up to ${source.maxQueued} opens queued`,
  );
});

test("sees the browser close the session in under 200 ms", async ({ page }) => {
  await openBlank(page);
  const latencies: number[] = [];
  for (let round = 0; round < 5; round++) {
    const path = `/echo?test=close&round=${round}`;
    const closeAtMs = await page.evaluate(async ({ url, hash }) => {
      const value = Uint8Array.from(hash.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
      const transport = new WebTransport(url, {
        serverCertificateHashes: [{ algorithm: "sha-256", value }],
      });
      await Promise.race([
        transport.ready,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("ready")), 5_000)),
      ]);
      // let the server finish accepting before closing
      await new Promise((resolve) => setTimeout(resolve, 50));
      const at = performance.timeOrigin + performance.now();
      transport.close({ closeCode: 4001, reason: "bye from page" });
      return at;
    }, target(path));
    const closed = await server.waitFor((e) => e.event === "closed" && e.path === path, 2_000);
    expect(closed.closeCode).toBe(4001);
    expect(closed.reason).toBe("bye from page");
    expect(closed.initiator).toBe("remote");
    expect(closed.clean).toBe(true);
    latencies.push((closed.atMs as number) - closeAtMs);
  }
  console.log(
    `browser close seen by server after ${latencies.map((l) => l.toFixed(1)).join(", ")} ms`,
  );
  expect(Math.max(...latencies)).toBeLessThan(200);
});

test("a page that goes away ends its session", async ({ browser }) => {
  const page = await browser.newPage();
  await openBlank(page);
  const path = "/echo?test=page-gone";
  await page.evaluate(async ({ url, hash }) => {
    const value = Uint8Array.from(hash.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    const transport = new WebTransport(url, {
      serverCertificateHashes: [{ algorithm: "sha-256", value }],
    });
    (window as unknown as { keep: unknown }).keep = transport;
    await transport.ready;
  }, target(path));
  await server.waitFor((e) => e.event === "session" && e.path === path, 2_000);
  const goneAt = Date.now();
  await page.close();
  // Usually Chromium ends the session (FIN) within tens of ms; sometimes it drops the
  // connection silently and only the server's 10 s QUIC idle timeout notices.
  const closed = await server.waitFor((e) => e.event === "closed" && e.path === path, 15_000);
  const afterMs = (closed.atMs as number) - goneAt;
  console.log(`page close seen by server after ${afterMs.toFixed(1)} ms (clean: ${closed.clean})`);
  expect(afterMs).toBeLessThan(20_000); // the 10 s idle timeout plus slack for a busy machine (15.1 s seen)
});

test("the server's close reaches the browser with its code and reason", async ({ page }) => {
  await openBlank(page);
  const info = await page.evaluate(async ({ url, hash }) => {
    const value = Uint8Array.from(hash.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    const transport = new WebTransport(url, {
      serverCertificateHashes: [{ algorithm: "sha-256", value }],
    });
    await transport.ready;
    return await Promise.race([
      transport.closed.then((i) => ({ closeCode: i.closeCode ?? null, reason: i.reason ?? null })),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("closed")), 5_000)),
    ]);
  }, target("/echo?closeAfterMs=50&closeCode=42&reason=server%20done"));
  expect(info).toEqual({ closeCode: 42, reason: "server done" });
});

test("rejects other paths (404) and requests the accept callback refuses", async ({ page }) => {
  await openBlank(page);
  const outcomes = await page.evaluate(
    async ({ base, hash }) => {
      const value = Uint8Array.from(hash.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
      const attempt = async (path: string) => {
        const transport = new WebTransport(base + path, {
          serverCertificateHashes: [{ algorithm: "sha-256", value }],
        });
        transport.closed.catch(() => {});
        try {
          await Promise.race([
            transport.ready,
            new Promise<never>((_, reject) =>
              setTimeout(() => reject(new Error("timeout")), 5_000),
            ),
          ]);
          transport.close();
          return "accepted";
        } catch (error) {
          return String(error).includes("timeout") ? "timeout" : "rejected";
        }
      };
      return {
        other: await attempt("/not-echo"),
        refused: await attempt("/echo?status=403"),
        accepted: await attempt("/echo?status=200"),
      };
    },
    { base: `https://127.0.0.1:${ready.port}`, hash: ready.certificateHash },
  );
  expect(outcomes).toEqual({ other: "rejected", refused: "rejected", accepted: "accepted" });
  expect(server.events.some((e) => e.event === "session" && e.path === "/not-echo")).toBe(false);
});
