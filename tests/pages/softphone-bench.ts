// Browser side of bench/softphone.bench.ts: one page, one AudioContext, one
// recorder worklet with three inputs (sample-aligned): the local capture of
// the fake microphone, the output of an RTCPeerConnection loopback (pcA → pcB,
// defaults), and the output of this SDK's path (captureMicrophone → Opus →
// relay over WebTransport → OpusPlayer). AEC / NS / AGC off.
import { MoqtClient } from "../../src/moqt/index.ts";
import { captureMicrophone, OpusPlayer, type OpusPlayerStats } from "../../src/voice/index.ts";
import { chirpOnsets, matchChirps } from "./chirps.ts";

/** What one run measured. */
export interface BenchRun {
  readonly chirps: number;
  readonly webrtcMs: number[];
  readonly webrtcLost: number;
  readonly sdkMs: number[];
  readonly sdkLost: number;
  readonly stats: OpusPlayerStats;
  readonly crossOriginIsolated: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function loopback(track: MediaStreamTrack): Promise<{ stream: MediaStream; close(): void }> {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (e) => void (e.candidate && b.addIceCandidate(e.candidate));
  b.onicecandidate = (e) => void (e.candidate && a.addIceCandidate(e.candidate));
  const remote = new Promise<MediaStream>((resolve) => {
    b.ontrack = (e) => resolve(e.streams[0] ?? new MediaStream([e.track]));
  });
  a.addTrack(track, new MediaStream([track]));
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription as RTCSessionDescription);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription as RTCSessionDescription);
  const stream = await remote;
  // Chromium renders a remote WebRTC track into Web Audio only while a media element plays it.
  const sink = new Audio();
  sink.muted = true;
  sink.srcObject = stream;
  await sink.play().catch(() => undefined);
  return {
    stream,
    close() {
      a.close();
      b.close();
    },
  };
}

function joined(chunks: Float32Array[][], input: number): Float32Array {
  const out = new Float32Array(chunks.length * (chunks[0]?.[0]?.length ?? 0));
  let at = 0;
  for (const c of chunks) {
    const block = c[input] as Float32Array;
    out.set(block, at);
    at += block.length;
  }
  return out;
}

const api = {
  async run(relay: string, frameMs: 10 | 20, seconds: number, chirp: number[]): Promise<BenchRun> {
    const context = new AudioContext({ sampleRate: 48_000, latencyHint: "interactive" });
    await context.resume();
    const mic = await navigator.mediaDevices.getUserMedia({
      audio: {
        echoCancellation: false,
        noiseSuppression: false,
        autoGainControl: false,
        channelCount: 1,
      },
    });
    const track = mic.getAudioTracks()[0] as MediaStreamTrack;
    const rtc = await loopback(track);

    const client = MoqtClient.connect(relay);
    await client.connected(AbortSignal.timeout(15_000));
    const ns = `bench/softphone-${frameMs}`;
    const uplink = client.publishAudio(ns, "uplink", {
      capability: "voice/opus",
      codec: "opus",
      sampleRate: 48_000,
      channels: 1,
      frameMs,
    });
    const player = await OpusPlayer.create({ context, destination: null });
    player.subscribe(client, ns, "uplink");
    const capture = await captureMicrophone({ uplink, track, frameMs });

    await context.audioWorklet.addModule("/tests/pages/tap-recorder.ts");
    const recorder = new AudioWorkletNode(context, "tap-recorder", {
      numberOfInputs: 3,
      numberOfOutputs: 1,
    });
    const chunks: Float32Array[][] = [];
    // Warm-up: connections settle, the jitter buffer finds its level.
    await sleep(2_000);
    recorder.port.onmessage = (e: MessageEvent<Float32Array[]>) => chunks.push(e.data);
    new MediaStreamAudioSourceNode(context, { mediaStream: mic }).connect(recorder, 0, 0);
    new MediaStreamAudioSourceNode(context, { mediaStream: rtc.stream }).connect(recorder, 0, 1);
    player.node.connect(recorder, 0, 2);
    recorder.connect(new GainNode(context, { gain: 0 })).connect(context.destination);
    const before = player.stats();
    await sleep(seconds * 1000);
    recorder.port.onmessage = null;
    const after = player.stats();

    await capture.stop();
    await player.close();
    await client.close();
    rtc.close();
    for (const t of mic.getTracks()) t.stop();
    await context.close();

    const template = Float32Array.from(chirp);
    const local = joined(chunks, 0);
    const onsets = chirpOnsets(local, template, (150 * 48_000) / 1000);
    const window = (200 * 48_000) / 1000;
    const webrtc = matchChirps(local, joined(chunks, 1), onsets, template, window, 48_000);
    const sdk = matchChirps(local, joined(chunks, 2), onsets, template, window, 48_000);
    return {
      chirps: onsets.length,
      webrtcMs: webrtc.latenciesMs,
      webrtcLost: webrtc.lost,
      sdkMs: sdk.latenciesMs,
      sdkLost: sdk.lost,
      stats: {
        ...after,
        underruns: after.underruns - before.underruns,
        concealedMs: after.concealedMs - before.concealedMs,
        droppedMs: after.droppedMs - before.droppedMs,
        lateDrops: after.lateDrops - before.lateDrops,
      },
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
    };
  },
};

export type SoftphoneBenchApi = typeof api;
(window as unknown as { bench: typeof api; benchReady: boolean }).bench = api;
(window as unknown as { benchReady: boolean }).benchReady = true;
