// A user agent in Node (`node --experimental-websocket --import tsx`): it
// originates a call to the simulator's echo number, attaches a pcm16 bridge,
// speaks one second of a 700 Hz tone in real time and reports, as one JSON
// line, when the tone came back (Goertzel on the decoded frames).
//
//   echo-agent.ts <api> <orgId> <apiKey> <relay-ws-url>
import process from "node:process";
// The control plane and bridge modules only: the softphone part of the entry is browser-only.
import { Voice } from "../../../src/voice/control/voice.ts";

const [baseUrl, orgId, apiKey, relayUrl] = process.argv.slice(2);
if (
  baseUrl === undefined ||
  orgId === undefined ||
  apiKey === undefined ||
  relayUrl === undefined
) {
  process.stderr.write("usage: echo-agent.ts <api> <orgId> <apiKey> <relay-ws-url>\n");
  process.exit(2);
}

const RATE = 16000;
const FRAME = 320; // 20 ms

/** Fraction of a frame's energy at `hz` (Goertzel). */
function toneShare(pcm: Int16Array, hz: number): number {
  const coeff = 2 * Math.cos((2 * Math.PI * hz) / RATE);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (const v of pcm) {
    const s0 = v + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
    energy += v * v;
  }
  return energy === 0 ? 0 : (2 * (s1 * s1 + s2 * s2 - coeff * s1 * s2)) / (pcm.length * energy);
}

const voice = new Voice({ baseUrl, orgId, apiKey, relayUrl, moqt: { transport: "websocket" } });
const call = await voice.calls.originate({ to: "+15550100001", from: "+15550009999" });
const heard: { tsUs: number; share: number }[] = [];
const bridge = await call.attach({
  codec: "pcm16",
  sampleRate: RATE,
  frameMs: 20,
  onFrame: (tsUs, frame) =>
    heard.push({ tsUs, share: toneShare(new Int16Array(frame.slice().buffer), 700) }),
});
while ((await call.refresh()).status !== "in_progress") await new Promise((r) => setTimeout(r, 50));

const startMs = Date.now();
for (let n = 0; n < 50; ) {
  for (; n < Math.min(50, Math.floor((Date.now() - startMs) / 20) + 1); n++) {
    const pcm = new Int16Array(FRAME);
    for (let i = 0; i < FRAME; i++) {
      pcm[i] = Math.round(12000 * Math.sin((2 * Math.PI * 700 * (n * FRAME + i)) / RATE));
    }
    bridge.write(new Uint8Array(pcm.buffer), (startMs + n * 20) * 1000);
  }
  await new Promise((r) => setTimeout(r, 5));
}
await new Promise((r) => setTimeout(r, 800));
const tone = heard.filter((f) => f.share > 0.8);
await call.hangup();
const final = await call.refresh();
process.stdout.write(
  `${JSON.stringify({
    sid: call.sid,
    toneFrames: tone.length,
    firstEchoMs: tone.length > 0 ? tone[0]!.tsUs / 1000 - startMs : null,
    earlyToneFrames: heard.filter((f) => f.tsUs / 1000 < startMs + 150 && f.share > 0.5).length,
    status: final.status,
    bridgeClosed: bridge.isClosed,
  })}\n`,
);
await voice.close();
process.exit(0);
