// The player demo: <clutchcall-player> on a broadcast; optionally this page's
// camera published to the same namespace with BroadcastPublisher.
import "../../src/player/index.ts";
import { BroadcastPublisher } from "../../src/streams/index.ts";
import { relayUrl } from "../relay-url.ts";

const DEFAULT_SRC = "stream/demo/lv_camera";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const player = $<HTMLElementTagNameMap["clutchcall-player"]>("player");
const srcInput = $<HTMLInputElement>("src");
const tokenInput = $<HTMLInputElement>("token");
const latencyInput = $<HTMLInputElement>("latency");
const publishButton = $<HTMLButtonElement>("publish");
const eventsOut = $<HTMLOutputElement>("events");

const relay = await relayUrl();
$("relay").textContent = relay;
srcInput.value = new URLSearchParams(location.search).get("src") ?? DEFAULT_SRC;

function play(): void {
  player.relay = relay;
  player.token = tokenInput.value;
  player.latency = latencyInput.value === "" ? undefined : Number(latencyInput.value);
  player.src = srcInput.value;
}

$<HTMLFormElement>("source").addEventListener("submit", (e) => {
  e.preventDefault();
  play();
});

const shown: string[] = [];
for (const type of ["started", "stalled", "resumed", "rendition", "error", "ended"] as const) {
  player.addEventListener(`clutchcall-${type}`, (e) => {
    const d = e.detail as { name?: string; reason?: string; code?: string } | undefined;
    shown.unshift(`${type}${d?.name ? ` ${d.name}` : ""}${d?.code ? ` ${d.code}` : ""}`);
    eventsOut.textContent = shown.slice(0, 6).join(" · ");
  });
}

let publisher: { stop(): Promise<void>; stream: MediaStream } | undefined;
publishButton.addEventListener("click", async () => {
  if (publisher !== undefined) {
    const p = publisher;
    publisher = undefined;
    await p.stop();
    for (const t of p.stream.getTracks()) t.stop();
  } else {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    const broadcast = new BroadcastPublisher(relay);
    const ns = srcInput.value.includes("/") ? srcInput.value : DEFAULT_SRC;
    await broadcast.publish(ns.split("/").pop() ?? "lv_camera", "", stream, ns);
    publisher = { stop: () => broadcast.stop(), stream };
  }
  publishButton.setAttribute("aria-pressed", String(publisher !== undefined));
  publishButton.textContent = publisher ? "Stop publishing" : "Publish my camera";
});

play();
