// A page of an application that installed @clutchcall/sdk from its tarball, built
// with `vite build`: it uses the package's public entries only, and reports to the
// test through window.consumerResult.
import { createCaptureNode, loadCore, loadCoreWorker } from "@clutchcall/sdk/core";
import { MoqtClient } from "@clutchcall/sdk/moqt";
import "@clutchcall/sdk/player";
import workletUrl from "@clutchcall/sdk/worklets/core-capture?url";

const PCM = Int16Array.from([0, 1000, -1000, 32767, -32768]);

async function mainThread() {
  const core = await loadCore();
  const codes = core.createG711Codec({ law: "mulaw" }).encode(PCM);
  core.close();
  return Array.from(codes);
}

async function worker() {
  const { core, close } = await loadCoreWorker();
  const codec = await core.createG711Codec({ law: "mulaw" });
  const codes = await codec.encode(PCM);
  await close();
  return Array.from(codes);
}

/** One second of a tone through the capture worklet: counts the G.711 frames. */
async function worklet() {
  const context = new OfflineAudioContext(1, 48000, 48000);
  const node = await createCaptureNode(context, { moduleUrl: workletUrl, frameMs: 20 });
  let frames = 0;
  node.port.onmessage = (event) => {
    if (event.data.type === "frame") frames++;
  };
  const tone = new OscillatorNode(context, { frequency: 440 });
  tone.connect(node).connect(context.destination);
  tone.start();
  await context.startRendering();
  await new Promise((r) => setTimeout(r, 100)); // the last port messages
  return frames;
}

/** Exchanges text with the Node client through the relay. */
async function relay(url) {
  const client = MoqtClient.connect(url);
  try {
    const received = new Promise((resolve) =>
      client.subscribeText("consumer/node", "chat", (_tsUs, text) => resolve(text)),
    );
    const chat = client.publishText("consumer/browser", "chat", { capability: "test.chat" });
    const timer = setInterval(() => chat.write("hello from the browser"), 200);
    const text = await received;
    await new Promise((r) => setTimeout(r, 2000)); // writing on until the Node client has ours
    clearInterval(timer);
    return text;
  } finally {
    await client.close();
  }
}

/** The element is defined by the import above, and an instance upgrades (shadow DOM, parts). */
function player() {
  const el = document.createElement("clutchcall-player");
  el.setAttribute("controls", "");
  document.body.append(el);
  const parts = [...(el.shadowRoot?.querySelectorAll("[part]") ?? [])].map((p) => p.part[0]);
  el.remove();
  const upgraded = el instanceof customElements.get("clutchcall-player");
  return { upgraded, parts };
}

async function run() {
  const url = new URLSearchParams(location.search).get("relay");
  const result = {
    mainThread: await mainThread(),
    worker: await worker(),
    workletFrames: await worklet(),
    relayText: await relay(url),
    player: player(),
  };
  window.consumerResult = result;
  document.getElementById("out").textContent = JSON.stringify(result, null, 2);
}

run().catch((error) => {
  window.consumerResult = { error: String(error) };
  document.getElementById("out").textContent = String(error);
});
