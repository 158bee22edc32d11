// MoqtClient publisher and subscriber through the relay core over impaired paths
// (impaired.ts): 50 ms one-way delay, ±10 ms jitter and 5% packet loss each way,
// then a 5 s blackout. The paths model QUIC (WebTransport): a lost packet's data
// arrives 9/8 × RTT late and holds back the rest of its stream, other streams go
// on. Everything runs on fake timers with seeded loss, so the figures are the
// model's, not the test machine's load. Text arrives exactly once and in order,
// frames keep flowing, the subscriber's audio playout (the SDK's jitter buffer)
// has no silence over 100 ms, and both clients are Connected again within 2 s of
// the blackout's end.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Relay } from "../../../server/relay/core/mod.ts";
import { seededRandom } from "../../core/testing/signals.ts";
import { MoqtClient } from "../../moqt/client/index.ts";
import { openRelay, protocolOf } from "../../moqt/client/testing/relay-dial.ts";
import { createTransportPair, type MemoryTransport } from "../memory.ts";
import type { MoqTransport } from "../types.ts";
import { AudioPlayout } from "./audio-playout.ts";
import { ImpairedPath, impairTransport, type PathConditions } from "./impaired.ts";

const IMPAIRED = { delayMs: 50, jitterMs: 10, loss: 0.05 } as const;
const AUDIO_FRAME_MS = 20;
const SAMPLE_RATE = 8000;
/**
 * The playout reserve to start with (`OpusPlayer`'s `jitter.initialTargetMs`) that
 * keeps every silence at or under 100 ms on this path: audio on one stream per
 * Group arrives up to 190–370 ms behind the fastest frame (retransmissions on each
 * hop, stacked, plus jitter). Over eight loss patterns it hears 0–2 gaps in 10 s,
 * the longest 0–99 ms; the default 10 ms start hears 6–11, the longest 80–211 ms,
 * while its target grows 10 ms per underrun.
 */
const START_RESERVE_MS = 160;

/** Advances the fake clock (timers and microtasks run as they fall due). */
const sleep = (ms: number) => vi.advanceTimersByTimeAsync(ms);

async function until(cond: () => boolean, what: string, timeoutMs: number): Promise<void> {
  for (let waited = 0; !cond(); waited += 10) {
    if (waited >= timeoutMs) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await sleep(10);
  }
}

/** Clients reach `relay` over impaired paths; `blackout` cuts every path for a while. */
class ImpairedNetwork {
  readonly up: ImpairedPath;
  readonly down: ImpairedPath;
  private live: MemoryTransport[] = [];
  private dark = false;

  constructor(
    private readonly relay: Relay,
    c: PathConditions,
  ) {
    this.up = new ImpairedPath(c);
    this.down = new ImpairedPath(c);
  }

  readonly dial = async (): Promise<MoqTransport> => {
    // The QUIC handshake: one round trip before the session's first byte.
    await new Promise((r) => setTimeout(r, 2 * this.up.delayMs));
    if (this.dark) throw new Error("relay unreachable (blackout)");
    const [client, server] = createTransportPair({ protocol: protocolOf(16) });
    void this.relay.accept(impairTransport(server, this.down), {
      path: "/moq",
      query: new URLSearchParams(),
    });
    this.live.push(client);
    return impairTransport(client, this.up);
  };

  /** Nothing crosses for `ms`: open sessions go silent (each end learns only by its own timers). */
  async blackout(ms: number): Promise<void> {
    this.dark = true;
    for (const t of this.live.splice(0)) t.simulateSilentLoss(10_000);
    await sleep(ms);
    this.dark = false;
  }
}

let clients: MoqtClient[] = [];
let relay: Relay | undefined;

afterEach(async () => {
  let closed = false;
  const closing = Promise.all(clients.map((c) => c.close())).finally(() => {
    closed = true;
  });
  for (let i = 0; i < 1_000 && !closed; i++) await sleep(10);
  await closing;
  clients = [];
  relay?.close();
  vi.useRealTimers();
});

function start(seed: number): ImpairedNetwork {
  vi.useFakeTimers({
    toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date", "performance"],
  });
  relay = openRelay();
  return new ImpairedNetwork(relay, { ...IMPAIRED, random: seededRandom(seed) });
}

function pair(net: ImpairedNetwork): [MoqtClient, MoqtClient] {
  const pub = MoqtClient.connect("https://relay.test/moq", { dial: net.dial });
  const sub = MoqtClient.connect("https://relay.test/moq", { dial: net.dial });
  clients.push(pub, sub);
  return [pub, sub];
}

/** One 20 ms frame of 8 kHz mono 16-bit PCM: a constant, non-silent level. */
const PCM_FRAME = new Uint8Array((SAMPLE_RATE * AUDIO_FRAME_MS * 2) / 1000).fill(0x20);

describe("impaired path (QUIC model): 50 ms delay, 10 ms jitter, 5% loss each way", () => {
  // Seeds whose loss patterns include a retransmission on both hops of one frame.
  it.each([1, 3, 4])(
    "seed %i: text exactly once, frames flowing, audio heard without a gap over 100 ms",
    async (seed) => {
      const net = start(seed);
      const [pub, sub] = pair(net);
      const text = pub.publishText("imp", "chat", { capability: "chat" });
      const frames = pub.publishFrame("imp", "pose", { capability: "pose" });
      const audio = pub.publishAudio("imp", "voice", {
        capability: "voice",
        codec: "pcm-s16",
        sampleRate: SAMPLE_RATE,
        channels: 1,
        frameMs: AUDIO_FRAME_MS,
      });
      const gotText: string[] = [];
      const gotFrames: number[] = [];
      const audioTs: number[] = [];
      const latencyMs: number[] = [];
      const sentAtMs: number[] = [];
      const heard = new AudioPlayout(SAMPLE_RATE, { initialTargetMs: START_RESERVE_MS });
      const heardWithDefaults = new AudioPlayout(SAMPLE_RATE);
      const subs = [
        sub.subscribeText("imp", "chat", (_ts, m) => gotText.push(m)),
        sub.subscribeFrame("imp", "pose", (tsUs) => gotFrames.push(tsUs)),
        sub.subscribeAudio("imp", "voice", (tsUs, bytes) => {
          audioTs.push(tsUs);
          latencyMs.push(performance.now() - sentAtMs[tsUs / 1000 / AUDIO_FRAME_MS]!);
          heard.push(bytes);
          heardWithDefaults.push(bytes);
        }),
      ];
      await until(() => subs.every((s) => s.isActive), "subscriptions active", 10_000);

      const heardFrames = 500; // 10 s of audio heard, then 1 s more so that none of it ends the stream
      const sent = heardFrames + 50;
      for (let i = 0; i < sent; i++) {
        if (i === heardFrames) {
          heard.stop();
          heardWithDefaults.stop();
        }
        const tsUs = i * AUDIO_FRAME_MS * 1000;
        sentAtMs.push(performance.now());
        audio.write(tsUs, PCM_FRAME);
        text.write(`m${i}`);
        if (i % 2 === 0) frames.write(tsUs, PCM_FRAME);
        await sleep(AUDIO_FRAME_MS);
        heard.advance();
        heardWithDefaults.advance();
      }
      await until(() => gotText.length >= sent && audioTs.length >= sent, "delivery", 10_000);

      expect(gotText).toEqual(Array.from({ length: sent }, (_, i) => `m${i}`));
      // Audio over a reliable stream: nothing missing, nothing twice.
      const sortedTs = [...audioTs].sort((a, b) => a - b);
      expect(sortedTs).toEqual(Array.from({ length: sent }, (_, i) => i * AUDIO_FRAME_MS * 1000));
      expect(gotFrames.length).toBeGreaterThan(sent / 2 - 10);
      expect(net.up.lost + net.down.lost).toBeGreaterThan(0);

      const fastestMs = Math.min(...latencyMs);
      const behindMs = Math.max(...latencyMs) - fastestMs;
      const gaps = (p: AudioPlayout) =>
        `${p.gapsMs.length} gaps (longest ${Math.round(p.longestGapMs)} ms), ` +
        `reserve ${Math.round(p.stats().targetMs)} ms at the end`;
      console.log(
        `impaired seed ${seed}: ${heardFrames} audio frames heard, latency ${Math.round(fastestMs)}–` +
          `${Math.round(fastestMs + behindMs)} ms; heard with a ${START_RESERVE_MS} ms start: ` +
          `${gaps(heard)}; with the default 10 ms start: ${gaps(heardWithDefaults)}`,
      );
      expect(heard.stats().playedMs).toBeGreaterThan(heardFrames * AUDIO_FRAME_MS * 0.8);
      expect(heard.longestGapMs).toBeLessThanOrEqual(100);
    },
    30_000,
  );

  it("reconnects within 2 s after a 5 s blackout, text exactly once", async () => {
    const net = start(1);
    const [pub, sub] = pair(net);
    const text = pub.publishText("imp", "chat", { capability: "chat" });
    const got: string[] = [];
    const s = sub.subscribeText("imp", "chat", (_ts, m) => got.push(m));
    await until(() => s.isActive && text.isLive, "subscribed", 10_000);
    let n = 0;
    const write = async (ms: number) => {
      for (let t = 0; t < ms; t += 20) {
        text.write(`m${n++}`);
        await sleep(20);
      }
    };
    await write(500);
    const blackout = net.blackout(5_000);
    await write(5_000);
    await blackout;
    const backMs = performance.now();
    let recoveryMs: number | undefined;
    const connected = () => pub.state === "Connected" && sub.state === "Connected" && s.isActive;
    for (let t = 0; t < 10_000 && recoveryMs === undefined; t += 20) {
      if (connected()) recoveryMs = performance.now() - backMs;
      else await write(20);
    }
    await write(500);
    await until(() => got.length >= n, "every message", 10_000);
    console.log(`impaired: Connected again ${recoveryMs} ms after a 5 s blackout`);
    expect(got).toEqual(Array.from({ length: n }, (_, i) => `m${i}`));
    expect(recoveryMs).toBeLessThan(2_000);
  }, 30_000);
});
