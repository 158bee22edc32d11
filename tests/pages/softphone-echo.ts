// The far end of the softphone tests: a Node `MoqtClient` (QMux fallback) that
// subscribes `<ns>/uplink` and writes every audio frame back, unchanged and
// with its capture time, on `<ns>/downlink` — what the PSTN simulator's echo
// number does. Reports JSON lines on stdout; exits on SIGTERM or stdin close.
//
//   softphone-echo.ts <relay-url> <ns> <codec> <frame-ms>
import process from "node:process";
import { ExponentialBackoff, MoqtClient } from "../../src/moqt/index.ts";

const [url, ns, codec = "opus", frameMs = "20"] = process.argv.slice(2);
if (url === undefined || ns === undefined) {
  process.stderr.write("usage: softphone-echo.ts <relay-url> <ns> [codec] [frame-ms]\n");
  process.exit(2);
}
const report = (event: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ event, ...fields })}\n`);

const client = MoqtClient.connect(url, {
  transport: "websocket",
  reconnect: new ExponentialBackoff({ initialDelayMs: 100, maxDelayMs: 300 }),
  onState: (state) => report("state", { state }),
});
const sampleRate = codec === "opus" ? 48_000 : 8_000;
const downlink = client.publishAudio(ns, "downlink", {
  capability: `voice/${codec}`,
  codec,
  sampleRate,
  channels: 1,
  frameMs: Number(frameMs),
});
let frames = 0;
const uplink = client.subscribeAudio(ns, "uplink", (tsUs, bytes) => {
  downlink.write(tsUs, bytes);
  if (++frames % 50 === 1) report("frames", { frames });
});
uplink.on("subscribed", () => report("subscribed"));
downlink.on("live", () => report("live"));

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await Promise.race([client.close(), new Promise((r) => setTimeout(r, 1_000))]);
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown());
process.stdin.on("end", () => void shutdown());
process.stdin.resume();
