// The relay over QMux/WebSocket under malformed input (Deno): raw junk on upgraded
// WebSockets, mutated MoQT control and data streams and datagrams inside valid QMux
// sessions, and stalled half-sent messages. After each batch: the relay answers
// /healthz, a fresh session still publishes and subscribes, sessions, tracks and
// cache bytes are back to the baseline, and the relay's RSS is recorded.

import { qmuxTransport } from "../server/tests/clients.ts";
import { ServerProcess } from "../server/tests/process.ts";
import { Version } from "../src/moqt/wire/version.ts";
import { type BatchReport, checkRelay, sleep, stopRelay } from "./checks.ts";
import { buildCorpus, type Seed } from "./corpus.ts";
import { mutate, Rng } from "./mutate.ts";
import { FaultWatch } from "./rejections.ts";

export type { BatchReport } from "./checks.ts";

/** Raw bytes on an upgraded QMux WebSocket. */
async function junkSocket(ws: string, bytes: Uint8Array): Promise<void> {
  const s = new WebSocket(ws, ["qmux-02.moqt-16"]);
  s.binaryType = "arraybuffer";
  await new Promise((resolve, reject) => {
    s.onopen = resolve;
    s.onerror = reject;
  });
  const gone = new Promise((r) => (s.onclose = r));
  s.send(bytes);
  await Promise.race([gone, sleep(500)]);
  s.close();
}

/** A mutated MoQT input inside a valid QMux session of the seed's draft. */
async function junkSession(
  ws: string,
  seed: Seed,
  bytes: Uint8Array,
  stall: boolean,
): Promise<void> {
  const draft = seed.version === Version.DRAFT_14 ? 14 : 16;
  const t = await qmuxTransport(ws, draft);
  try {
    if (seed.target === "control") {
      const s = await t.createBidirectionalStream();
      const w = s.writable.getWriter();
      // Stalled: a message whose length promises more than is ever sent.
      await w.write(stall ? bytes.subarray(0, Math.max(1, bytes.length >> 1)) : bytes);
    } else if (seed.target === "stream") {
      const s = await t.createUnidirectionalStream();
      const w = s.getWriter();
      await w.write(bytes);
      if (!stall) await w.close();
    } else {
      await t.datagrams.writable.getWriter().write(bytes);
    }
    await Promise.race([t.closed.catch(() => undefined), sleep(stall ? 300 : 100)]);
  } catch {
    // the relay closed the session: the expected outcome for most inputs
  } finally {
    t.close({ closeCode: 0, reason: "" });
  }
}

/** Runs `batches` batches of `perBatch` inputs against a fresh relay process. */
export async function fuzzRelay(
  batches: number,
  perBatch: number,
  seed = 1,
): Promise<BatchReport[]> {
  const corpus = buildCorpus(30, seed);
  const rng = new Rng(seed);
  const server = await ServerProcess.start(["--port", "0", "--no-auth", "--log-level", "error"]);
  const { ws } = server.ready;
  const faults = new FaultWatch(server);
  const reports: BatchReport[] = [];
  // The fuzzer's own QMux sessions print each violation the relay answers with.
  const consoleError = console.error;
  console.error = () => {};
  try {
    for (let batch = 0; batch < batches; batch++) {
      const jobs: Promise<void>[] = [];
      for (let i = 0; i < perBatch; i++) {
        const s = corpus[rng.below(corpus.length)]!;
        const bytes = mutate(s.bytes, rng);
        const kind = rng.below(10);
        jobs.push(kind === 0 ? junkSocket(ws, bytes) : junkSession(ws, s, bytes, kind === 1));
        if (jobs.length >= 8) await Promise.all(jobs.splice(0));
      }
      await Promise.all(jobs);
      reports.push(await checkRelay(server, faults, batch, perBatch));
    }
  } finally {
    console.error = consoleError;
    reports.push(...(await stopRelay(server, faults)));
  }
  return reports;
}
