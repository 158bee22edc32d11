// The voice control plane and bridges against the real dev server: the SDK's
// `Voice` (in Deno and in a Node agent) over tRPC and the relay.
// Run: npx deno test -A --unstable-net server/tests/voice.deno.test.ts
import assert from "node:assert/strict";
import { MoqtClient } from "../../src/moqt/index.ts";
import { AudioBridge } from "../../src/voice/bridge/audio-bridge.ts";
import type { CallStatus } from "../../src/voice/control/status.ts";
import { Voice } from "../../src/voice/control/voice.ts";
import { type CallStatusEvent, verifyWebhook } from "../../src/voice/control/webhook.ts";
import { VoiceError, VoiceErrorCode } from "../../src/voice/errors.ts";
import { generateSigningKeys, mintToken, parseSigningKey } from "../cli/token.ts";
import { SAY_PAUSE_MS, sayFallback } from "../engine/voice/agents/registry.ts";
import { chime, PROMPT_PAUSE_MS } from "../engine/voice/simulator/numbers.ts";
import { loadPrompt, renderSpeech } from "../engine/voice/speech.ts";
import { bounded, ROOT, ServerProcess } from "./process.ts";
import { bestCorrelation, loudest, timeline, withPause } from "./voice/speech-match.ts";
import { pcm16, speakTone, toneShare } from "./voice/tone.ts";

interface Ready {
  readonly api: string;
  readonly orgId: string;
  readonly apiKey: string;
  readonly ws: string;
}

function voiceFor(server: ServerProcess): Voice {
  const r = server.ready as unknown as Ready;
  return new Voice({
    baseUrl: r.api,
    orgId: r.orgId,
    apiKey: r.apiKey,
    relayUrl: r.ws,
    moqt: { transport: "websocket" },
  });
}

async function errorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof VoiceError ? e.code : `not a VoiceError: ${e}`;
  }
  return "no error";
}

Deno.test("voice: each simulator number's status sequence through the SDK; bad input gets typed errors", async () => {
  const server = await ServerProcess.start(["--port", "0", "--ephemeral", "--ring-timeout", "1"]);
  const voice = voiceFor(server);
  try {
    const expected: Record<string, CallStatus[]> = {
      "+15550100001": ["dialing", "ringing", "in_progress"],
      "+15550100002": ["dialing", "ringing", "in_progress"],
      "+15550100003": ["dialing", "failed"],
      "+15550100004": ["dialing", "ringing", "no_answer"],
      "+15550100005": ["dialing", "ringing", "in_progress"],
      "+15559990000": ["dialing", "failed"],
    };
    await Promise.all(
      Object.entries(expected).map(async ([to, statuses]) => {
        const call = await voice.calls.originate({ to, from: "+15550009999" });
        const seen: CallStatus[] = [call.status];
        const deadline = Date.now() + 8000;
        while (call.status !== statuses.at(-1) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 25));
          await call.refresh();
          if (seen.at(-1) !== call.status) seen.push(call.status);
        }
        assert.deepEqual(seen, statuses, to);
        const again = await voice.calls.get({ sid: call.sid });
        assert.equal(again, call, "one handle per sid");
        for (const s of statuses) assert.equal(typeof call.record.timestamps[s], "number");
        if (to === "+15559990000") assert.equal(call.record.reason, "unallocated_number");
        if (call.status === "in_progress") await call.hangup();
        assert.ok(["completed", "failed", "no_answer"].includes(call.status), `${to} ended`);
      }),
    );
    const page = await voice.calls.list({ limit: 4 });
    assert.equal(page.calls.length, 4);
    assert.notEqual(page.nextCursor, null);
    const rest = await voice.calls.list({ limit: 4, cursor: page.nextCursor! });
    assert.equal(rest.calls.length, 2);
    assert.equal((await voice.calls.list({ status: "no_answer" })).calls.length, 1);

    // Idempotency: a retried originate is the same call.
    const a = await voice.calls.originate({
      to: "+15550100003",
      from: "+15550009999",
      idempotencyKey: "retry-1",
    });
    const b = await voice.calls.originate({
      to: "+15550100003",
      from: "+15550009999",
      idempotencyKey: "retry-1",
    });
    assert.equal(a.sid, b.sid);
    assert.equal(
      await errorCode(
        voice.calls.originate({
          to: "+15550100001",
          from: "+15550009999",
          idempotencyKey: "retry-1",
        }),
      ),
      VoiceErrorCode.IDEMPOTENCY_CONFLICT,
    );

    // Bad input: typed errors from the SDK, and from the engine for what only it knows.
    assert.equal(
      await errorCode(voice.calls.get({ sid: "CAunknown" })),
      VoiceErrorCode.UNKNOWN_CALL,
    );
    assert.equal(
      await errorCode(voice.calls.originate({ to: "5550100001", from: "+15550009999" })),
      VoiceErrorCode.INVALID_NUMBER,
    );
    const live = await voice.calls.originate({ to: "+15550100002", from: "+15550009999" });
    assert.equal(
      await errorCode(live.attach({ codec: "vorbis" as never })),
      VoiceErrorCode.UNSUPPORTED_CODEC,
    );
    assert.equal(
      await errorCode(live.attach({ codec: "opus", sampleRate: 44100 })),
      VoiceErrorCode.UNSUPPORTED_FORMAT,
    );
    const bridge = await live.attach({ codec: "g711_ulaw" });
    assert.throws(
      () => bridge.write(new Uint8Array(100)),
      (e: unknown) => e instanceof VoiceError && e.code === VoiceErrorCode.WRONG_FRAME_SIZE,
    );
    await live.hangup();
    assert.ok(bridge.isClosed, "hangup closes the call's bridges");
    assert.equal(await errorCode(live.hangup()), VoiceErrorCode.CALL_ENDED);
    // An inbound call from the call-in generator is attached like any other.
    const cli = await new Deno.Command("node", {
      args: [
        `${ROOT}server/bin/clutchcall.mjs`,
        "call-in",
        "--api",
        (server.ready as unknown as Ready).api,
        "--org",
        (server.ready as unknown as Ready).orgId,
        "--api-key",
        (server.ready as unknown as Ready).apiKey,
        "--to",
        "+15550001234",
        "--as",
        "+15550100002",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(cli.success, new TextDecoder().decode(cli.stderr));
    const inbound = await voice.calls.get(
      JSON.parse(new TextDecoder().decode(cli.stdout)) as { sid: string },
    );
    assert.equal(inbound.record.direction, "inbound");
    assert.equal(inbound.status, "in_progress");
    let toneFrames = 0;
    const tap = await inbound.attach({
      codec: "pcm16",
      sampleRate: 16000,
      onFrame: (_tsUs, frame) => {
        const pcm = new Int16Array(frame.slice().buffer);
        // 1 kHz at 16 kHz: a period of 16 samples; correlate with one sine period.
        let re = 0;
        let im = 0;
        let energy = 0;
        pcm.forEach((v, i) => {
          re += v * Math.cos((2 * Math.PI * i) / 16);
          im += v * Math.sin((2 * Math.PI * i) / 16);
          energy += v * v;
        });
        if (energy > 0 && (2 * (re * re + im * im)) / (pcm.length * energy) > 0.8) toneFrames++;
      },
    });
    const until = Date.now() + 8000;
    while (toneFrames < 10 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    assert.ok(toneFrames >= 10, `inbound caller's tone on the uplink: ${toneFrames} frames`);
    await inbound.hangup();
    assert.ok(tap.isClosed);

    const bad = new Voice({
      baseUrl: (server.ready as unknown as Ready).api,
      orgId: "org_x",
      apiKey: "cck_wrong",
    });
    assert.equal(await errorCode(bad.calls.list()), VoiceErrorCode.UNAUTHORIZED);
  } finally {
    await voice.close();
    await server.stop();
  }
});

Deno.test("voice: a Node agent originates to the echo number, attaches and hears its tone ~200 ms later", async () => {
  const server = await ServerProcess.start(["--port", "0", "--ephemeral"]);
  try {
    const r = server.ready as unknown as Ready;
    const out = await bounded(
      new Deno.Command("node", {
        args: [
          "--experimental-websocket",
          "--import",
          "tsx",
          `${ROOT}server/tests/voice/echo-agent.ts`,
          r.api,
          r.orgId,
          r.apiKey,
          r.ws,
        ],
        cwd: ROOT,
        env: { NODE_NO_WARNINGS: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output(),
      30_000,
      "the Node agent",
    );
    const text = new TextDecoder().decode(out.stdout);
    assert.ok(out.success, `agent failed: ${new TextDecoder().decode(out.stderr)}`);
    const result = JSON.parse(text.trim().split("\n").at(-1)!) as {
      toneFrames: number;
      firstEchoMs: number;
      earlyToneFrames: number;
      status: string;
      bridgeClosed: boolean;
    };
    console.log(
      `Node agent: ${result.toneFrames} tone frames back, first after ${result.firstEchoMs?.toFixed(0)} ms`,
    );
    // Three processes on a shared machine: a starved one writes late frames in bursts
    // and late audio is dropped (by design), so this asks for 200 ms of echoed tone and
    // leaves the frame count to the in-process echo test (45 of 50).
    assert.ok(result.toneFrames >= 10, `${result.toneFrames} of 50 tone frames came back`);
    assert.ok(
      result.firstEchoMs >= 190 && result.firstEchoMs <= 1000,
      `echo after ${result.firstEchoMs} ms`,
    );
    assert.equal(result.earlyToneFrames, 0, "nothing echoed before 200 ms");
    assert.equal(result.status, "completed");
    assert.ok(result.bridgeClosed);
  } finally {
    await server.stop();
  }
});

Deno.test("voice: a relay restart mid-call resumes the bridge's audio both ways", async () => {
  let server = await ServerProcess.start(["--port", "0", "--ephemeral"]);
  const port = server.port;
  const ws = (server.ready as unknown as Ready).ws;
  const a = MoqtClient.connect(ws, { transport: "websocket" });
  const b = MoqtClient.connect(ws, { transport: "websocket" });
  const atServer: number[] = [];
  const atCaller: number[] = [];
  const format = { codec: "g711_alaw", frameMs: 20 } as const;
  const agentEnd = new AudioBridge(a, "CArestart", "server", {
    ...format,
    onFrame: (_t, f) => atServer.push(f[0]!),
  });
  const callerEnd = new AudioBridge(b, "CArestart", "caller", {
    ...format,
    onFrame: (_t, f) => atCaller.push(f[0]!),
  });
  let n = 0;
  const timer = setInterval(() => {
    n = (n + 1) % 200;
    try {
      agentEnd.write(new Uint8Array(160).fill(n));
      callerEnd.write(new Uint8Array(160).fill(n));
    } catch {
      // not writable while closing
    }
  }, 20);
  const flowing = async (what: string) => {
    const [s, c] = [atServer.length, atCaller.length];
    const deadline = Date.now() + 15_000;
    while (atServer.length < s + 10 || atCaller.length < c + 10) {
      if (Date.now() > deadline) throw new Error(`no audio ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  try {
    await flowing("before the restart");
    await server.stop();
    server = await ServerProcess.start(["--port", String(port), "--ephemeral"]);
    await flowing("after the restart");
  } finally {
    clearInterval(timer);
    await Promise.all([agentEnd.close(), callerEnd.close()]);
    await Promise.all([a.close(), b.close()]);
    await server.stop();
  }
});

Deno.test("voice: with --auth-key the engine's bridge needs no token; the user's needs one scoped to voice/", async () => {
  const dir = await Deno.makeTempDir({ prefix: "clutchcall-voice-auth-" });
  const keys = await generateSigningKeys("EdDSA");
  await Deno.writeTextFile(`${dir}/relay.pub.pem`, keys.publicPem);
  const token = await mintToken(await parseSigningKey(keys.privatePem), {
    pub: ["voice/"],
    sub: ["voice/"],
  });
  const server = await ServerProcess.start([
    "--port",
    "0",
    "--ephemeral",
    "--auth-key",
    `${dir}/relay.pub.pem`,
  ]);
  const r = server.ready as unknown as Ready;
  const voice = new Voice({
    baseUrl: r.api,
    orgId: r.orgId,
    apiKey: r.apiKey,
    relayUrl: r.ws,
    moqt: { transport: "websocket", token },
  });
  try {
    assert.equal(server.ready.auth, "jwt");
    const call = await voice.calls.originate({ to: "+15550100001", from: "+15550009999" });
    const heard: number[] = [];
    const bridge = await call.attach({
      codec: "pcm16",
      sampleRate: 16000,
      onFrame: (_tsUs, frame) => heard.push(toneShare(pcm16(frame), 700, 16000)),
    });
    while ((await call.refresh()).status !== "in_progress") {
      await new Promise((r) => setTimeout(r, 50));
    }
    await speakTone(bridge, 700, 16000, 25);
    await new Promise((r) => setTimeout(r, 600));
    const echoed = heard.filter((share) => share > 0.8).length;
    // Any echo proves both in-process legs were admitted (without a grant: none at all).
    assert.ok(echoed >= 5, `${echoed} of 25 tone frames came back through the echo number`);
    await call.hangup();
  } finally {
    await voice.close();
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

/** A webhook receiver on loopback that answers 500 to the first `failures` attempts of each event. */
function webhookReceiver(secret: () => Promise<string>, failures: number) {
  const attempts = new Map<string, { atMs: number; body: string }[]>();
  const accepted: CallStatusEvent[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    // As the README tells a receiver to: verify, then de-duplicate on the event id.
    const body = await request.text();
    const event = await verifyWebhook(await secret(), {
      body,
      id: request.headers.get("clutchcall-webhook-id"),
      timestamp: request.headers.get("clutchcall-webhook-timestamp"),
      signature: request.headers.get("clutchcall-signature"),
    });
    if (event === null) return new Response("bad signature", { status: 400 });
    const tries = attempts.get(event.id) ?? [];
    tries.push({ atMs: Date.now(), body });
    attempts.set(event.id, tries);
    if (tries.length <= failures) return new Response("try later", { status: 500 });
    if (!accepted.some((e) => e.id === event.id)) accepted.push(event);
    return new Response(null, { status: 204 });
  });
  return { url: `http://127.0.0.1:${server.addr.port}/hooks`, attempts, accepted, server };
}

Deno.test("voice: status webhooks reach a real receiver signed, in order, retried with backoff under one id", async () => {
  const server = await ServerProcess.start(["--port", "0", "--ephemeral"]);
  const voice = voiceFor(server);
  let secret: Promise<string> | undefined;
  const receiver = webhookReceiver(() => (secret ??= voice.webhookSecret()), 2);
  try {
    const call = await voice.calls.originate({
      to: "+15550100001",
      from: "+15550009999",
      webhookUrl: receiver.url,
    });
    while ((await call.refresh()).status !== "in_progress") {
      await new Promise((r) => setTimeout(r, 50));
    }
    await call.hangup();
    const expected: CallStatus[] = ["dialing", "ringing", "in_progress", "completed"];
    await bounded(
      (async () => {
        while (receiver.accepted.length < expected.length) {
          await new Promise((r) => setTimeout(r, 50));
        }
      })(),
      20_000,
      `${expected.length} webhooks (got ${receiver.accepted.map((e) => e.call.status)})`,
    );
    assert.deepEqual(
      receiver.accepted.map((e) => e.call.status),
      expected,
    );
    for (const event of receiver.accepted) {
      assert.equal(event.type, "call.status");
      assert.equal(event.call.sid, call.sid);
      const tries = receiver.attempts.get(event.id)!;
      assert.equal(tries.length, 3, `${event.call.status}: two 500s, then accepted`);
      assert.ok(
        tries.every((t) => t.body === tries[0]!.body),
        "a retry resends the same event",
      );
      const [a, b, c] = tries.map((t) => t.atMs) as [number, number, number];
      assert.ok(b - a >= 450 && c - b >= 950, `backoff ${b - a} ms then ${c - b} ms`);
    }
    const final = receiver.accepted.at(-1)!.call;
    assert.equal(final.reason, "hangup");
    assert.equal(typeof final.timestamps.completed, "number");
    // A forged or altered delivery is refused by the same check.
    const forged = await fetch(receiver.url, {
      method: "POST",
      body: JSON.stringify({ id: "evt_forged", type: "call.status", call: final }),
      headers: {
        "clutchcall-webhook-id": "evt_forged",
        "clutchcall-webhook-timestamp": String(Math.floor(Date.now() / 1000)),
        "clutchcall-signature": `v1=${"0".repeat(64)}`,
      },
    });
    await forged.body?.cancel();
    assert.equal(forged.status, 400);
  } finally {
    await voice.close();
    await server.stop();
    await receiver.server.shutdown();
  }
});

Deno.test("voice: the prompt number and the say agent speak their espeak-ng rendering (tones only without espeak-ng)", async () => {
  const sayText = "Your table for four is ready at seven thirty.";
  // What setup rendered for +15550100005, and what the engine will render for `say`.
  const [prompt, said] = await Promise.all([loadPrompt(), renderSpeech(sayText)]);
  const server = await ServerProcess.start(["--port", "0", "--ephemeral"]);
  const voice = voiceFor(server);
  /** Attaches at 8 kHz pcm16 and collects ~2.5 s of what the caller's side says. */
  const listen = async (call: Awaited<ReturnType<Voice["calls"]["originate"]>>) => {
    const frames: { tsUs: number; pcm: Int16Array }[] = [];
    await call.attach({
      codec: "pcm16",
      sampleRate: 8000,
      onFrame: (tsUs, frame) => frames.push({ tsUs, pcm: pcm16(frame) }),
    });
    while ((await call.refresh()).status !== "in_progress") {
      await new Promise((r) => setTimeout(r, 50));
    }
    return frames;
  };
  try {
    const promptCall = await voice.calls.originate({ to: "+15550100005", from: "+15550009999" });
    const echoCall = await voice.calls.originate({ to: "+15550100001", from: "+15550009999" });
    const [promptFrames, echoFrames] = await Promise.all([listen(promptCall), listen(echoCall)]);
    // The agent speaks to the echo number, which returns its words on the uplink.
    await voice.agents.attach({ sid: echoCall.sid, agent: "say", text: sayText });
    const echoFrom = echoFrames.length;
    await new Promise((r) => setTimeout(r, 2500));
    const cases = [
      {
        what: "prompt",
        frames: promptFrames,
        speech: prompt,
        pauseMs: PROMPT_PAUSE_MS,
        fallbackHz: chime().frequencyHz,
      },
      {
        what: "say",
        frames: echoFrames.slice(echoFrom),
        speech: said,
        pauseMs: SAY_PAUSE_MS,
        fallbackHz: sayFallback().frequencyHz,
      },
    ];
    for (const c of cases) {
      const received = timeline(c.frames);
      assert.ok(received.length >= 8000, `${c.what}: ${received.length} samples received`);
      if (c.speech === undefined) {
        // No espeak-ng here: the documented tone stands in.
        const toneFrames = c.frames.filter((f) => toneShare(f.pcm, c.fallbackHz, 8000) > 0.8);
        assert.ok(
          toneFrames.length >= 5,
          `${c.what}: ${toneFrames.length} frames of ${c.fallbackHz} Hz`,
        );
        continue;
      }
      const window = loudest(received, 4000);
      const rms = Math.sqrt(window.reduce((e, v) => e + v * v, 0) / window.length);
      const r = bestCorrelation(window, withPause(c.speech, c.pauseMs));
      console.log(
        `${c.what}: loudest 0.5 s at ${rms.toFixed(0)} RMS, correlation ${r.toFixed(3)} with the espeak-ng rendering`,
      );
      assert.ok(rms > 300, `${c.what}: silence (RMS ${rms.toFixed(0)})`);
      assert.ok(r > 0.9, `${c.what}: correlation ${r.toFixed(3)} with the rendering`);
    }
    await Promise.all([promptCall.hangup(), echoCall.hangup()]);
  } finally {
    await voice.close();
    await server.stop();
  }
});

Deno.test("voice: transfer({ to }) re-points a live call at another answering number; busy, no-answer and unallocated targets fail typed at once", async () => {
  const server = await ServerProcess.start(["--port", "0", "--ephemeral"]);
  const voice = voiceFor(server);
  try {
    const call = await voice.calls.originate({ to: "+15550100001", from: "+15550009999" });
    const shares: { atMs: number; share: number }[] = [];
    await call.attach({
      codec: "pcm16",
      sampleRate: 16000,
      onFrame: (_tsUs, frame) =>
        shares.push({ atMs: Date.now(), share: toneShare(pcm16(frame), 1000, 16000) }),
    });
    while ((await call.refresh()).status !== "in_progress") {
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const to of ["+15550100003", "+15550100004", "+15557770123", "+442071234567"]) {
      const startedMs = Date.now();
      assert.equal(await errorCode(call.transfer({ to })), VoiceErrorCode.TRANSFER_FAILED, to);
      assert.ok(Date.now() - startedMs < 5000, `${to}: refused without waiting for a ring timeout`);
    }
    assert.equal((await call.refresh()).status, "in_progress", "a failed transfer keeps the call");
    assert.equal(call.record.to, "+15550100001");
    assert.equal(shares.filter((f) => f.share > 0.8).length, 0, "no 1 kHz before the transfer");

    const transferredMs = Date.now();
    await call.transfer({ to: "+15550100002" });
    assert.equal(call.record.to, "+15550100002");
    assert.equal(call.status, "in_progress");
    const deadline = Date.now() + 8000;
    const toneSince = () => shares.filter((f) => f.atMs >= transferredMs && f.share > 0.8).length;
    while (toneSince() < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(toneSince() >= 10, `the tone number's 1 kHz on the same sid: ${toneSince()} frames`);
    assert.equal((await voice.calls.get({ sid: call.sid })).sid, call.sid);
    await call.hangup();
  } finally {
    await voice.close();
    await server.stop();
  }
});
