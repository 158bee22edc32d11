// Run: npx deno test -A server/engine/voice/
import assert from "node:assert/strict";
import { sine } from "../../../src/core/testing/signals.ts";
import { AudioBridge } from "../../../src/voice/bridge/audio-bridge.ts";
import type { CallStatus } from "../../../src/voice/control/status.ts";
import { VoiceError, VoiceErrorCode } from "../../../src/voice/errors.ts";
import { TEST_NUMBERS } from "./simulator/numbers.ts";
import { ORG, openHarness, until } from "./testing/harness.ts";

const FROM = "+15550009999";

/** Polls the call's status and records every distinct value seen. */
async function statusSequence(
  read: () => CallStatus,
  done: (s: CallStatus) => boolean,
  timeoutMs: number,
): Promise<CallStatus[]> {
  const seen: CallStatus[] = [];
  await until(
    () => {
      const s = read();
      if (seen.at(-1) !== s) seen.push(s);
      return done(s);
    },
    "the final status",
    timeoutMs,
  );
  return seen;
}

Deno.test("simulator numbers: each goes through its documented status sequence", async () => {
  const h = await openHarness({ ringTimeoutS: 1 });
  try {
    const cases: [string, CallStatus[], string | null][] = [
      [TEST_NUMBERS.echo, ["dialing", "ringing", "in_progress"], null],
      [TEST_NUMBERS.tone, ["dialing", "ringing", "in_progress"], null],
      [TEST_NUMBERS.busy, ["dialing", "failed"], "busy"],
      [TEST_NUMBERS.noAnswer, ["dialing", "ringing", "no_answer"], "ring_timeout"],
      [TEST_NUMBERS.prompt, ["dialing", "ringing", "in_progress"], null],
      ["+15557770123", ["dialing", "failed"], "unallocated_number"],
    ];
    await Promise.all(
      cases.map(async ([to, expected, reason]) => {
        const call = h.service.originate(ORG, { to, from: FROM });
        assert.equal(call.status, "dialing");
        const seen = await statusSequence(
          () => h.service.get(ORG, call.sid).status,
          (s) => s === expected.at(-1),
          6000,
        );
        assert.deepEqual(seen, expected, to);
        const final = h.service.get(ORG, call.sid);
        assert.equal(final.reason, reason, to);
        for (const s of expected) assert.equal(typeof final.timestamps[s], "number", `${to} ${s}`);
      }),
    );
  } finally {
    await h.close();
  }
});

Deno.test("idempotency key: the same originate returns the same call; different arguments conflict", async () => {
  const h = await openHarness();
  try {
    const a = h.service.originate(ORG, { to: TEST_NUMBERS.busy, from: FROM, idempotencyKey: "k1" });
    const b = h.service.originate(ORG, { to: TEST_NUMBERS.busy, from: FROM, idempotencyKey: "k1" });
    assert.equal(a.sid, b.sid);
    assert.throws(
      () => h.service.originate(ORG, { to: TEST_NUMBERS.echo, from: FROM, idempotencyKey: "k1" }),
      (e: unknown) => e instanceof VoiceError && e.code === VoiceErrorCode.IDEMPOTENCY_CONFLICT,
    );
    assert.equal(h.service.store.list(ORG, { limit: 10 }).calls.length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("status never moves backwards: the store refuses it", async () => {
  const h = await openHarness();
  try {
    const call = h.service.originate(ORG, { to: TEST_NUMBERS.busy, from: FROM });
    await until(() => h.service.get(ORG, call.sid).status === "failed", "failed");
    assert.equal(h.service.store.advance(call.sid, "in_progress", Date.now()), undefined);
    assert.equal(h.service.get(ORG, call.sid).status, "failed");
    await assert.rejects(
      h.service.hangup(ORG, call.sid),
      (e: unknown) => e instanceof VoiceError && e.code === VoiceErrorCode.CALL_ENDED,
    );
  } finally {
    await h.close();
  }
});

Deno.test("unknown sid: typed error", async () => {
  const h = await openHarness();
  try {
    assert.throws(
      () => h.service.get(ORG, "CAnope"),
      (e: unknown) => e instanceof VoiceError && e.code === VoiceErrorCode.UNKNOWN_CALL,
    );
  } finally {
    await h.close();
  }
});

/** Fraction of the frame's energy at `frequencyHz` (Goertzel), 0..1. */
function toneShare(pcm: Int16Array, frequencyHz: number, rate: number): number {
  const w = (2 * Math.PI * frequencyHz) / rate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (const v of pcm) {
    const s0 = v + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
    energy += v * v;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return energy === 0 ? 0 : (2 * power) / (pcm.length * energy);
}

Deno.test("echo number: an attached pcm16 bridge hears its own tone back about 200 ms later", async () => {
  const h = await openHarness();
  try {
    const call = h.service.originate(ORG, { to: TEST_NUMBERS.echo, from: FROM });
    const format = { codec: "pcm16", sampleRate: 16000, frameMs: 20 } as const;
    await h.service.attach(ORG, call.sid, { ...format, channels: 1 });
    const heard: { tsUs: number; share: number }[] = [];
    const bridge = new AudioBridge(h.user, call.sid, "server", {
      ...format,
      onFrame: (tsUs, frame) =>
        heard.push({ tsUs, share: toneShare(new Int16Array(frame.slice().buffer), 700, 16000) }),
    });
    await until(() => h.service.get(ORG, call.sid).status === "in_progress", "answer");
    // One second of a 700 Hz tone, written in real time, then silence.
    const tone = sine(700, 16000, 16000, 0.4);
    const startMs = Date.now();
    for (let frame = 0; frame < 50; ) {
      for (; frame < Math.min(50, Math.floor((Date.now() - startMs) / 20) + 1); frame++) {
        const pcm = new Int16Array(320);
        for (let i = 0; i < 320; i++) pcm[i] = Math.round((tone[frame * 320 + i] ?? 0) * 32767);
        bridge.write(new Uint8Array(pcm.buffer), (startMs + frame * 20) * 1000);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 800));
    await bridge.close();
    const toneFrames = heard.filter((f) => f.share > 0.8);
    const firstMs = (toneFrames[0]?.tsUs ?? 0) / 1000 - startMs;
    console.log(
      `echo: ${toneFrames.length} tone frames, first ${firstMs.toFixed(0)} ms after the tone began`,
    );
    assert.ok(toneFrames.length >= 45, `only ${toneFrames.length} of 50 tone frames came back`);
    assert.ok(firstMs >= 190 && firstMs <= 400, `echo delay ${firstMs} ms`);
    assert.ok(heard.filter((f) => f.tsUs / 1000 < startMs + 180 && f.share > 0.5).length === 0);
  } finally {
    await h.close();
  }
});

/** Collects Goertzel shares of `frequencyHz` from a pcm16 bridge at 16 kHz. */
function toneMeter(frequencyHz: number) {
  const frames: { atMs: number; share: number }[] = [];
  return {
    frames,
    onFrame: (_tsUs: number, frame: Uint8Array) =>
      frames.push({
        atMs: Date.now(),
        share: toneShare(new Int16Array(frame.slice().buffer), frequencyHz, 16000),
      }),
    since: (ms: number) => frames.filter((f) => f.atMs >= ms),
  };
}

Deno.test("transfer to an agent mid-call keeps the sid and the audio; hangup drops both tracks", async () => {
  const h = await openHarness();
  try {
    const call = h.service.originate(ORG, { to: TEST_NUMBERS.echo, from: FROM });
    await h.service.attach(ORG, call.sid, {
      codec: "pcm16",
      sampleRate: 16000,
      channels: 1,
      frameMs: 20,
    });
    const meter = toneMeter(440);
    const bridge = new AudioBridge(h.user, call.sid, "server", {
      codec: "pcm16",
      sampleRate: 16000,
      onFrame: meter.onFrame,
    });
    await until(() => h.service.get(ORG, call.sid).status === "in_progress", "answer");
    await until(() => meter.frames.length > 10, "uplink audio before the transfer");
    assert.equal(meter.frames.filter((f) => f.share > 0.5).length, 0, "no tone before the agent");
    // The tone agent now speaks to the echo number, whose echo comes back on the uplink.
    const transferredMs = Date.now();
    await h.service.attachAgent(ORG, call.sid, "tone");
    await until(
      () => meter.since(transferredMs).filter((f) => f.share > 0.8).length >= 20,
      "the agent's tone echoed on the same sid's uplink",
    );
    const after = h.service.get(ORG, call.sid);
    assert.equal(after.sid, call.sid);
    assert.equal(after.agent, "tone");
    assert.equal(after.status, "in_progress");

    assert.ok(h.relay.stats().tracks >= 2, "uplink and downlink on the relay");
    await h.service.hangup(ORG, call.sid);
    await bridge.close();
    await until(() => h.relay.stats().tracks === 0, "both tracks dropped");
    const ended = h.service.get(ORG, call.sid);
    assert.equal(ended.status, "completed");
    assert.equal(ended.reason, "hangup");
    assert.equal(typeof ended.timestamps.completed, "number");
  } finally {
    await h.close();
  }
});
