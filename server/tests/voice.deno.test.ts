// The voice control plane and bridges against the real dev server: the SDK's
// `Voice` (in Deno and in a Node agent) over tRPC and the relay.
// Run: npx deno test -A --unstable-net server/tests/voice.deno.test.ts
import assert from "node:assert/strict";
import { MoqtClient } from "../../src/moqt/index.ts";
import { AudioBridge } from "../../src/voice/bridge/audio-bridge.ts";
import type { CallStatus } from "../../src/voice/control/status.ts";
import { Voice } from "../../src/voice/control/voice.ts";
import { VoiceError, VoiceErrorCode } from "../../src/voice/errors.ts";
import { generateSigningKeys, mintToken, parseSigningKey } from "../cli/token.ts";
import { bounded, ROOT, ServerProcess } from "./process.ts";
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
    assert.ok(result.toneFrames >= 40, `${result.toneFrames} of 50 tone frames came back`);
    assert.ok(
      result.firstEchoMs >= 190 && result.firstEchoMs <= 600,
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
