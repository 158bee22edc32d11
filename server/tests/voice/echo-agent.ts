// A user agent in Node (`node --experimental-websocket --import tsx`): it
// originates a call to the simulator's echo number, attaches a pcm16 bridge,
// speaks one second of a 700 Hz tone in real time and reports, as one JSON
// line, when the tone came back (Goertzel on the decoded frames).
//
//   echo-agent.ts <api> <orgId> <apiKey> <relay-ws-url>
import process from "node:process";
// The control plane and bridge modules only: the softphone part of the entry is browser-only.
import { Voice } from "../../../src/voice/control/voice.ts";
import { pcm16, speakTone, toneShare } from "./tone.ts";

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

const voice = new Voice({ baseUrl, orgId, apiKey, relayUrl, moqt: { transport: "websocket" } });
const call = await voice.calls.originate({ to: "+15550100001", from: "+15550009999" });
const heard: { tsUs: number; share: number }[] = [];
const bridge = await call.attach({
  codec: "pcm16",
  sampleRate: RATE,
  frameMs: 20,
  onFrame: (tsUs, frame) => heard.push({ tsUs, share: toneShare(pcm16(frame), 700, RATE) }),
});
while ((await call.refresh()).status !== "in_progress") await new Promise((r) => setTimeout(r, 50));

const startMs = await speakTone(bridge, 700, RATE, 50);
// The echo ends ~200 ms after the tone; on a starved machine it arrives later, so listen
// until the echoed tone has started and then stopped for 600 ms (at most 8 s).
const toneFrames = () => heard.filter((f) => f.share > 0.8);
const listenUntilMs = Date.now() + 8000;
let lastCount = -1;
let lastChangeMs = Date.now();
while (Date.now() < listenUntilMs) {
  await new Promise((r) => setTimeout(r, 100));
  const count = toneFrames().length;
  if (count !== lastCount) [lastCount, lastChangeMs] = [count, Date.now()];
  else if (count > 0 && Date.now() - lastChangeMs >= 600) break;
  if (count >= 50) break;
}
const tone = toneFrames();
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
