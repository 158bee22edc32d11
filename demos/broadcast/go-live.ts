// The "go live" page: recipe 1 (seed 003) with pickers — create a live input,
// publish the chosen camera (or a synthetic clock) and microphone, mint a
// signed playback URL, and show per-track encoder stats.
import {
  type BroadcastPublisher,
  type EncodedTrackStats,
  type Rendition,
  Streams,
} from "../../src/streams/index.ts";
import { clockStream } from "./clock-source.ts";
import { devConfig } from "./dev-config.ts";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const config = await devConfig();
$("relay").textContent = config.relayBase;

const BITRATES: Record<string, number> = { 720: 2_500_000, 360: 800_000, 180: 300_000 };

interface Live {
  readonly pub: BroadcastPublisher;
  readonly stream: MediaStream;
  readonly stopSource: () => void;
  readonly timer: ReturnType<typeof setInterval>;
}
let live: Live | undefined;

async function listDevices(): Promise<void> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  for (const d of devices) {
    const select =
      d.kind === "videoinput" ? $("video") : d.kind === "audioinput" ? $("audio") : null;
    if (select === null || d.deviceId === "") continue;
    const option = new Option(d.label || `${d.kind} ${select.childElementCount}`, d.deviceId);
    select.append(option);
  }
}

async function captureStream(): Promise<{ stream: MediaStream; stop: () => void }> {
  const videoId = $<HTMLSelectElement>("video").value;
  const audioId = $<HTMLSelectElement>("audio").value;
  const cam = await navigator.mediaDevices
    .getUserMedia({
      video:
        videoId === "clock" ? false : { deviceId: { exact: videoId }, width: 1280, height: 720 },
      audio: audioId === "" ? false : { deviceId: { exact: audioId } },
    })
    .catch((e: unknown) => {
      if (videoId === "clock" && audioId === "") return new MediaStream();
      throw e;
    });
  const clock = videoId === "clock" ? clockStream() : undefined;
  const stream = new MediaStream([
    ...(clock?.stream.getVideoTracks() ?? cam.getVideoTracks()),
    ...cam.getAudioTracks(),
  ]);
  return {
    stream,
    stop: () => {
      clock?.stop();
      for (const t of cam.getTracks()) t.stop();
    },
  };
}

function renditions(): Rendition[] {
  const boxes = document.querySelectorAll<HTMLInputElement>('input[name="rendition"]:checked');
  return [...boxes].map((b) => ({
    name: `video/${b.value}p`,
    height: Number(b.value),
    bitrate: BITRATES[b.value]!,
  }));
}

/** Per-track rates from two stats snapshots a second apart. */
function showTracks(now: readonly EncodedTrackStats[], before: readonly EncodedTrackStats[]): void {
  const rows = now.map((t) => {
    const prev = before.find((p) => p.name === t.name);
    const fps = t.framesEncoded - (prev?.framesEncoded ?? 0);
    const kbps = ((t.bytes - (prev?.bytes ?? 0)) * 8) / 1000;
    const tr = document.createElement("tr");
    for (const v of [
      t.name,
      t.name === "audio" ? "—" : String(fps),
      kbps.toFixed(0),
      String(t.bytes),
      String(t.framesDropped),
      t.encodeMsPerSecond.toFixed(0),
    ]) {
      tr.insertCell().textContent = v;
    }
    return tr;
  });
  $("tracks").replaceChildren(...rows);
}

async function goLive(): Promise<void> {
  if (config.api === undefined || config.apiKey === undefined) {
    throw new Error(
      "no control plane: run `npm start`, or add ?api=…&apiKey=…&orgId=… to the address",
    );
  }
  const streams = new Streams({
    baseUrl: config.api,
    apiKey: config.apiKey,
    ...(config.orgId !== undefined && { orgId: config.orgId }),
  });
  const { input, streamKey } = await streams.liveInputs.create({
    name: $<HTMLInputElement>("name").value,
    ingest: "fmp4",
  });
  const source = await captureStream();
  const pub = new Streams({ relayUrl: config.relayBase }).publisher({
    timesliceMs: Number($<HTMLSelectElement>("timeslice").value),
    keyframeIntervalMs: Number($<HTMLSelectElement>("keyframe").value),
    renditions: renditions(),
  });
  pub.on("error", (e) => {
    $("error").textContent = `${e.code}: ${e.message}`;
  });
  pub.on("live", () => {
    $("state").textContent = "live";
  });
  $<HTMLVideoElement>("preview").srcObject = source.stream;
  void $<HTMLVideoElement>("preview")
    .play()
    .catch(() => undefined);
  let before = pub.stats().tracks;
  const timer = setInterval(() => {
    const s = pub.stats();
    $("state").dataset.state = String(s.state);
    showTracks(s.tracks, before);
    before = s.tracks;
  }, 1000);
  live = { pub, stream: source.stream, stopSource: source.stop, timer };
  await pub.publish(
    input.external_input_id,
    streamKey,
    source.stream,
    `stream/${input.org_id}/${input.external_input_id}`,
  );
  $("input").textContent = input.external_input_id;
  const { url } = await input.signedPlaybackUrl({ ttlSeconds: 3600 });
  const watch = $<HTMLAnchorElement>("watch");
  watch.href = `./watch.html?${new URLSearchParams({ url, relay: config.relay })}`;
  watch.hidden = false;
}

async function stop(): Promise<void> {
  const l = live;
  live = undefined;
  if (l === undefined) return;
  clearInterval(l.timer);
  await l.pub.stop();
  l.stopSource();
  $<HTMLVideoElement>("preview").srcObject = null;
  $("state").textContent = "stopped";
}

$("go").addEventListener("submit", (ev) => {
  ev.preventDefault();
  $("error").textContent = "";
  $<HTMLButtonElement>("start").disabled = true;
  $<HTMLButtonElement>("stop").disabled = false;
  $("state").textContent = "connecting";
  goLive().catch(async (e: unknown) => {
    $("error").textContent = e instanceof Error ? e.message : String(e);
    await stop();
    $<HTMLButtonElement>("start").disabled = false;
  });
});
$("stop").addEventListener("click", () => {
  $<HTMLButtonElement>("stop").disabled = true;
  $<HTMLButtonElement>("start").disabled = false;
  void stop();
});

// Device labels need a permission first; without one the pickers keep their defaults.
await navigator.mediaDevices
  .getUserMedia({ video: true, audio: true })
  .then((s) => {
    for (const t of s.getTracks()) t.stop();
  })
  .catch(() => undefined);
await listDevices();
