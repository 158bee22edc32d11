// The softphone demo: dials a number of the dev engine's PSTN simulator with
// `voice.calls.originate`, attaches to the call's audio, captures the
// microphone onto it and plays the far end through OpusPlayer, with the call
// status, the microphone level and the jitter buffer's live stats.
import type { ConnectionState } from "../../src/moqt/index.ts";
import {
  type AudioBridge,
  type Call,
  captureMicrophone,
  isCrossOriginIsolated,
  isTerminal,
  type MicrophoneCapture,
  OpusPlayer,
  Voice,
} from "../../src/voice/index.ts";
import { relayUrl } from "../relay-url.ts";
import { voiceConfig } from "./voice-config.ts";

/** The caller id the demo dials from. */
const CALLER_ID = "+15550009999";
const STATUS_POLL_MS = 500;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const relay = await relayUrl();
const config = await voiceConfig();
$("relay").textContent = relay;
$("isolated").textContent = isCrossOriginIsolated() ? "yes" : "no";
if (config === undefined) {
  $("error").textContent =
    "No control plane: start the demos with `npm start`, or pass ?api=…&orgId=…&apiKey=… (the dev server's ready line).";
  $<HTMLButtonElement>("call").disabled = true;
}

interface Session {
  readonly voice: Voice;
  readonly player: OpusPlayer;
  call?: Call;
  bridge?: AudioBridge;
  mic?: MicrophoneCapture;
  timers: ReturnType<typeof setInterval>[];
}
let session: Session | undefined;

const fmtMs = (ms: number) => `${Math.round(ms)} ms`;

function show(s: Session): void {
  const st = s.player.stats();
  $("transport").textContent = st.transport;
  $("bufferMs").textContent = fmtMs(st.bufferMs);
  $("targetMs").textContent = fmtMs(st.targetMs);
  $("underruns").textContent = String(st.underruns);
  $("concealedMs").textContent = fmtMs(st.concealedMs);
  $("lateDrops").textContent = String(st.lateDrops);
  $("droppedMs").textContent = fmtMs(st.droppedMs);
  $("rate").textContent = st.rate.toFixed(3);
  if (s.mic !== undefined) {
    $<HTMLMeterElement>("level").value = Math.min(1, s.mic.level * 4);
    $("framesSent").textContent = String(s.mic.stats().framesSent);
  }
}

function setStatus(status: string): void {
  $("status").textContent = status;
  $("status").dataset.state = status;
}

function setButtons(inCall: boolean): void {
  $<HTMLButtonElement>("call").disabled = inCall;
  $<HTMLButtonElement>("hangup").disabled = !inCall;
  $<HTMLButtonElement>("mute").disabled = !inCall;
}

async function dial(c: NonNullable<typeof config>): Promise<void> {
  $("error").textContent = "";
  const to = $<HTMLSelectElement>("far-end").value;
  const frameMs = Number($<HTMLSelectElement>("frame-ms").value) as 10 | 20;
  const processing = $<HTMLInputElement>("aec").checked;
  setStatus("dialing");
  setButtons(true);
  const voice = new Voice({
    baseUrl: c.api,
    orgId: c.orgId,
    apiKey: c.apiKey,
    relayUrl: relay,
    moqt: {
      onState: (state: ConnectionState) => {
        $("state").textContent = state;
      },
    },
  });
  const s: Session = { voice, player: await OpusPlayer.create(), timers: [] };
  session = s;
  s.timers.push(setInterval(() => show(s), 100));
  const call = await voice.calls.originate({ to, from: CALLER_ID });
  s.call = call;
  setStatus(call.status);
  // The engine speaks for the dialled number on the call's uplink and plays
  // the downlink to it: the page takes the server end of the call's tracks.
  s.bridge = await call.attach({
    codec: "opus",
    frameMs,
    onFrame: (tsUs, frame) => s.player.push(tsUs, frame),
  });
  s.mic = await captureMicrophone({
    uplink: s.bridge,
    frameMs,
    echoCancellation: processing,
    noiseSuppression: processing,
    autoGainControl: processing,
  });
  await s.player.context.resume();
  s.timers.push(
    setInterval(() => {
      void call.refresh().then(() => {
        if (session !== s) return;
        setStatus(call.status);
        if (isTerminal(call.status)) void end(s);
      });
    }, STATUS_POLL_MS),
  );
}

/** Releases the session's microphone, player and relay client. */
async function end(s: Session): Promise<void> {
  if (session === s) session = undefined;
  for (const t of s.timers) clearInterval(t);
  await s.mic?.stop();
  await s.bridge?.close();
  await s.player.close();
  await s.voice.close();
  setButtons(false);
}

async function hangup(): Promise<void> {
  const s = session;
  if (s === undefined) return;
  session = undefined;
  const call = s.call;
  if (call !== undefined && !isTerminal(call.status)) await call.hangup();
  if (call !== undefined) setStatus(call.status);
  await end(s);
}

$("dial").addEventListener("submit", (e) => {
  e.preventDefault();
  if (config === undefined) return;
  dial(config).catch((err: unknown) => {
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
