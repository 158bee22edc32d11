// The softphone demo: captureMicrophone onto voice/<sid>/uplink, OpusPlayer on
// the downlink, with the microphone level and the jitter buffer's live stats.
import { type ConnectionState, MoqtClient } from "../../src/moqt/index.ts";
import {
  captureMicrophone,
  isCrossOriginIsolated,
  type MicrophoneCapture,
  OpusPlayer,
} from "../../src/voice/index.ts";
import { relayUrl } from "../relay-url.ts";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const relay = await relayUrl();
$("relay").textContent = relay;
$("isolated").textContent = isCrossOriginIsolated() ? "yes" : "no";

interface Session {
  readonly client: MoqtClient;
  readonly mic: MicrophoneCapture;
  readonly player: OpusPlayer;
  readonly timer: ReturnType<typeof setInterval>;
}
let session: Session | undefined;

const fmtMs = (ms: number) => `${Math.round(ms)} ms`;

function show(s: Session): void {
  const st = s.player.stats();
  $<HTMLMeterElement>("level").value = Math.min(1, s.mic.level * 4);
  $("transport").textContent = st.transport;
  $("bufferMs").textContent = fmtMs(st.bufferMs);
  $("targetMs").textContent = fmtMs(st.targetMs);
  $("underruns").textContent = String(st.underruns);
  $("concealedMs").textContent = fmtMs(st.concealedMs);
  $("lateDrops").textContent = String(st.lateDrops);
  $("droppedMs").textContent = fmtMs(st.droppedMs);
  $("rate").textContent = st.rate.toFixed(3);
  $("framesSent").textContent = String(s.mic.stats().framesSent);
}

function setStatus(status: string): void {
  $("status").textContent = status;
  $("status").dataset.state = status;
}

async function call(): Promise<void> {
  $("error").textContent = "";
  const frameMs = Number($<HTMLSelectElement>("frame-ms").value) as 10 | 20;
  const processing = $<HTMLInputElement>("aec").checked;
  const sid = `demo-${Math.random().toString(36).slice(2, 10)}`;
  const ns = `voice/${sid}`;
  setStatus("dialing");
  const client = MoqtClient.connect(relay, {
    onState: (state: ConnectionState) => {
      $("state").textContent = state;
    },
  });
  const player = await OpusPlayer.create();
  const uplink = client.publishAudio(ns, "uplink", {
    capability: "voice/opus",
    codec: "opus",
    sampleRate: 48_000,
    channels: 1,
    frameMs,
  });
  const mic = await captureMicrophone({
    uplink,
    frameMs,
    echoCancellation: processing,
    noiseSuppression: processing,
    autoGainControl: processing,
  });
  // Loopback: the far end plays the caller's own uplink back.
  player.subscribe(client, ns, "uplink");
  await player.context.resume();
  const s: Session = { client, mic, player, timer: setInterval(() => show(s), 100) };
  session = s;
  setStatus("in_progress");
  $<HTMLButtonElement>("call").disabled = true;
  $<HTMLButtonElement>("hangup").disabled = false;
  $<HTMLButtonElement>("mute").disabled = false;
}

async function hangup(): Promise<void> {
  const s = session;
  session = undefined;
  if (s === undefined) return;
  clearInterval(s.timer);
  await s.mic.stop();
  await s.player.close();
  await s.client.close();
  setStatus("completed");
  $<HTMLButtonElement>("call").disabled = false;
  $<HTMLButtonElement>("hangup").disabled = true;
  $<HTMLButtonElement>("mute").disabled = true;
}

$("dial").addEventListener("submit", (e) => {
  e.preventDefault();
  call().catch((err: unknown) => {
    setStatus("failed");
    $("error").textContent = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    void hangup();
  });
});
$("hangup").addEventListener("click", () => void hangup());
$("mute").addEventListener("click", () => {
  const mic = session?.mic;
  if (mic === undefined) return;
  if (mic.muted) mic.unmute();
  else mic.mute();
  $("mute").textContent = mic.muted ? "Unmute" : "Mute";
  $("mute").setAttribute("aria-pressed", String(mic.muted));
});
