// The viewer page: plays a broadcast by signed URL (or id + token) with either
// render backend, a rendition picker (auto or pinned) and a live stats overlay.
import {
  type BroadcastViewer,
  type BroadcastViewerStats,
  Streams,
} from "../../src/streams/index.ts";
import { devConfig } from "./dev-config.ts";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const config = await devConfig();
const query = new URLSearchParams(location.search);
$<HTMLInputElement>("source").value = query.get("url") ?? "";

let viewer: BroadcastViewer | undefined;
let timer: ReturnType<typeof setInterval> | undefined;

function overlay(s: BroadcastViewerStats): string {
  return [
    `latency   ${s.latencyMs} ms (target ${s.targetLatencyMs})`,
    `buffer    ${s.bufferMs} ms`,
    `bitrate   ${(s.bitrateBps / 1000).toFixed(0)} kbit/s`,
    `rendition ${s.rendition ?? "—"} (${s.renditionMode}) · ${s.backend ?? "—"}`,
    `frames    ${s.framesShown} shown, ${s.droppedFrames} dropped`,
    `rebuffers ${s.rebufferCount} (${s.rebufferMs} ms) · rate ${s.playbackRate.toFixed(2)}`,
    `first frame ${s.timeToFirstFrameMs === undefined ? "—" : `${Math.round(s.timeToFirstFrameMs)} ms`}`,
  ].join("\n");
}

function showRenditions(names: readonly string[]): void {
  const select = $<HTMLSelectElement>("rendition");
  const have = [...select.options].map((o) => o.value);
  for (const n of names) if (!have.includes(n)) select.append(new Option(n, n));
}

async function play(): Promise<void> {
  const backend = $<HTMLSelectElement>("backend").value as "mse" | "webcodecs";
  const token = $<HTMLInputElement>("token").value.trim();
  const streams = new Streams({
    apiBase: "",
    relayUrl: config.relayBase,
    ...(token !== "" && { token }),
  });
  const v = streams.viewer({
    backend,
    onStarted: () => {
      $("state").textContent = "playing";
    },
    onError: (e) => {
      $("error").textContent = `${e.code}: ${e.message}`;
    },
  });
  viewer = v;
  v.on("stalled", ({ reason }) => {
    $("state").textContent = `stalled (${reason})`;
  });
  v.on("resumed", () => {
    $("state").textContent = "playing";
  });
  v.on("ended", () => {
    $("state").textContent = "ended";
  });
  const screen =
    backend === "webcodecs" ? $<HTMLCanvasElement>("canvas") : $<HTMLVideoElement>("video");
  $("canvas").hidden = backend !== "webcodecs";
  $("video").hidden = backend === "webcodecs";
  v.attach(screen);
  timer = setInterval(() => {
    const s = v.stats();
    showRenditions(s.renditions);
    $("overlay").textContent = overlay(s);
  }, 250);
  $("state").textContent = "connecting";
  await v.play($<HTMLInputElement>("source").value.trim());
}

async function stop(): Promise<void> {
  clearInterval(timer);
  await viewer?.stop();
  viewer = undefined;
  $("state").textContent = "stopped";
}

$("rendition").addEventListener("change", () => {
  try {
    viewer?.setRendition($<HTMLSelectElement>("rendition").value);
  } catch (e) {
    $("error").textContent = e instanceof Error ? e.message : String(e);
  }
});
$("play").addEventListener("submit", (ev) => {
  ev.preventDefault();
  $("error").textContent = "";
  $<HTMLButtonElement>("start").disabled = true;
  $<HTMLButtonElement>("stop").disabled = false;
  play().catch((e: unknown) => {
    $("error").textContent = e instanceof Error ? e.message : String(e);
  });
});
$("stop").addEventListener("click", () => {
  $<HTMLButtonElement>("stop").disabled = true;
  $<HTMLButtonElement>("start").disabled = false;
  void stop();
});
if (query.get("url") !== null && query.get("autoplay") === "1")
  $<HTMLFormElement>("play").requestSubmit();
