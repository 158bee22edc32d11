// A non-browser `MoqtClient` peer for tests/client.spec.ts, run by Node
// (`node --experimental-websocket --import tsx`) or by Deno (`deno run -A`),
// over the QMux/WebSocket fallback. It subscribes to the text track and the
// frame track `<in-ns>/{chat,frames}` and answers every message and frame on
// `<out-ns>/{chat,frames}`, prefixed with its label. It reports on stdout as
// JSON lines and exits when stdin closes or on SIGTERM.
//
//   client-peer.ts <relay-url> <in-ns> <out-ns> <label>
import process from "node:process";
import { MoqtClient } from "../../src/moqt/index.ts";

const [url, inNs, outNs, label] = process.argv.slice(2);
if (url === undefined || inNs === undefined || outNs === undefined || label === undefined) {
  process.stderr.write("usage: client-peer.ts <relay-url> <in-ns> <out-ns> <label>\n");
  process.exit(2);
}

const ENC = new TextEncoder();
const DEC = new TextDecoder();
const report = (event: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ event, ...fields })}\n`);

const runtime = "Deno" in globalThis ? "deno" : "node";
const client = MoqtClient.connect(url, {
  transport: "websocket",
  onState: (state) => report("state", { state, runtime }),
});
const chat = client.publishText(outNs, "chat", { capability: "test.peer" });
const frames = client.publishFrame(outNs, "frames", { capability: "test.peer" });
const chatIn = client.subscribeText(inNs, "chat", (_tsUs, text) => {
  report("text", { text });
  chat.write(`${label}:${text}`);
});
const framesIn = client.subscribeFrame(inNs, "frames", (tsUs, priority, data) => {
  const text = DEC.decode(data);
  report("frame", { text, priority });
  frames.write(tsUs, ENC.encode(`${label}:${text}`), priority);
});
chatIn.on("subscribed", () => report("subscribed", { track: "chat" }));
framesIn.on("subscribed", () => report("subscribed", { track: "frames" }));
chat.on("live", () => report("live", { track: "chat" }));
frames.on("live", () => report("live", { track: "frames" }));

let closing = false;
async function shutdown(code: number): Promise<void> {
  if (closing) return;
  closing = true;
  await Promise.race([client.close(), new Promise((r) => setTimeout(r, 1_000))]);
  process.exit(code);
}
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGINT", () => void shutdown(0));
process.stdin.on("end", () => void shutdown(0));
process.stdin.resume();
