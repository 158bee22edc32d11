// Browser side of tests/softphone.spec.ts: a softphone call over the real
// relay, with a playback tap (tap-recorder worklet on the player's output).
// `start`: the fake microphone captured with captureMicrophone onto
// `<ns>/uplink`, `<ns>/downlink` played by OpusPlayer, and a second client
// counting the uplink Objects on the wire. `dial`: a call to a number of the
// engine's PSTN simulator through the voice API.
import { ExponentialBackoff, MoqtClient } from "../../src/moqt/index.ts";
import {
  captureMicrophone,
  type MicrophoneCapture,
  OpusPlayer,
  type OpusPlayerStats,
  SoftphoneError,
  Voice,
} from "../../src/voice/index.ts";
import { detectTones, type ToneSegment } from "./tones.ts";

/** Options of `start`. */
export interface CallOptions {
  readonly relay: string;
  readonly ns: string;
  readonly tonesHz: readonly number[];
}

/** Options of `dial`. */
export interface DialOptions {
  readonly relay: string;
  readonly api: string;
  readonly orgId: string;
  readonly apiKey: string;
  /** A simulator number. */
  readonly to: string;
  readonly tonesHz: readonly number[];
  readonly codec?: "opus" | "ulaw";
}

interface Call {
  /** Relay clients whose states `clientStates` reports. */
  readonly clients: readonly MoqtClient[];
  readonly mic: MicrophoneCapture;
  readonly player: OpusPlayer;
  readonly context: AudioContext;
  readonly tonesHz: readonly number[];
  readonly close: () => Promise<void>;
  uplinkObjects: number;
  tap: Float32Array[];
}

let call: Call | undefined;

function current(): Call {
  if (call === undefined) throw new Error("no call");
  return call;
}

const fast = () => new ExponentialBackoff({ initialDelayMs: 100, maxDelayMs: 300 });
/** The browser's echo cancellation, noise suppression and gain control off: the tap hears the file. */
const RAW = { echoCancellation: false, noiseSuppression: false, autoGainControl: false } as const;

async function tapInto(context: AudioContext, node: AudioNode, sink: Float32Array[]) {
  await context.audioWorklet.addModule("/tests/pages/tap-recorder.ts");
  const tap = new AudioWorkletNode(context, "tap-recorder", {
    numberOfInputs: 1,
    numberOfOutputs: 1,
  });
  tap.port.onmessage = (e: MessageEvent<Float32Array[]>) => sink.push(e.data[0] as Float32Array);
  node.connect(tap);
  tap.connect(new GainNode(context, { gain: 0 })).connect(context.destination);
}

function joined(chunks: Float32Array[]): Float32Array {
  const out = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const api = {
  crossOriginIsolated(): boolean {
    return globalThis.crossOriginIsolated === true;
  },

  /** Starts an Opus call on the raw tracks `<ns>/uplink` and `<ns>/downlink`. */
  async start(o: CallOptions): Promise<string> {
    const context = new AudioContext({ sampleRate: 48_000, latencyHint: "interactive" });
    await context.resume();
    const player = await OpusPlayer.create({ context });
    const client = MoqtClient.connect(o.relay, { reconnect: fast() });
    const counter = MoqtClient.connect(o.relay, { reconnect: fast() });
    const uplink = client.publishAudio(o.ns, "uplink", {
      capability: "voice/opus",
      codec: "opus",
      sampleRate: 48_000,
      channels: 1,
      frameMs: 20,
    });
    const mic = await captureMicrophone({ uplink, ...RAW });
    const c: Call = {
      clients: [client, counter],
      mic,
      player,
      context,
      tonesHz: o.tonesHz,
      uplinkObjects: 0,
      tap: [],
      close: () => Promise.all([client.close(), counter.close()]).then(() => undefined),
    };
    counter.subscribeAudio(o.ns, "uplink", () => {
      c.uplinkObjects++;
    });
    player.subscribe(client, o.ns, "downlink");
    await tapInto(context, player.node, c.tap);
    call = c;
    return "started";
  },

  /**
   * Dials `o.to` with `voice.calls.originate`, attaches to the call's tracks
   * (the engine speaks for the dialled number on the uplink) and captures the
   * microphone onto it; resolves once the call is attached.
   */
  async dial(o: DialOptions): Promise<string> {
    const codec = o.codec ?? "opus";
    const context = new AudioContext({ sampleRate: 48_000, latencyHint: "interactive" });
    await context.resume();
    const player = await OpusPlayer.create({ context, codec });
    const voice = new Voice({
      baseUrl: o.api,
      orgId: o.orgId,
      apiKey: o.apiKey,
      relayUrl: o.relay,
      moqt: { reconnect: fast() },
    });
    const phoneCall = await voice.calls.originate({ to: o.to, from: "+15550009999" });
    const bridge = await phoneCall.attach({
      codec: codec === "opus" ? "opus" : "g711_ulaw",
      onFrame: (tsUs, frame) => player.push(tsUs, frame),
    });
    const mic = await captureMicrophone({
      uplink: bridge,
      codec,
      ...RAW,
      ...(codec !== "opus" && { context }),
    });
    const c: Call = {
      clients: [],
      mic,
      player,
      context,
      tonesHz: o.tonesHz,
      uplinkObjects: 0,
      tap: [],
      close: async () => {
        await phoneCall.hangup();
        await voice.close();
      },
    };
    await tapInto(context, player.node, c.tap);
    call = c;
    return phoneCall.sid;
  },

  /** The error code of a player asking for a shared ring (on a page that may not share memory). */
  async sharedRingError(): Promise<string> {
    try {
      const player = await OpusPlayer.create({ transport: "shared", destination: null });
      await player.close();
      return "created";
    } catch (e) {
      if (e instanceof SoftphoneError) return e.code;
      throw e;
    }
  },

  uplinkObjects(): number {
    return current().uplinkObjects;
  },

  framesSent(): number {
    return current().mic.stats().framesSent;
  },

  level(): number {
    return current().mic.level;
  },

  mute(): void {
    current().mic.mute();
  },

  unmute(): void {
    current().mic.unmute();
  },

  stats(): OpusPlayerStats {
    return current().player.stats();
  },

  clientStates(): string[] {
    return current().clients.map((c) => c.state);
  },

  /** Forgets what the tap recorded so far. */
  clearTap(): void {
    current().tap.length = 0;
  },

  /** Tone segments in what the tap recorded. */
  tones(): ToneSegment[] {
    const c = current();
    return detectTones(joined(c.tap), c.context.sampleRate, c.tonesHz);
  },

  /** Peak and count of non-zero samples in the last `ms` of the tap. */
  tail(ms: number): { peak: number; nonZero: number; samples: number } {
    const c = current();
    const all = joined(c.tap);
    const tail = all.subarray(
      Math.max(0, all.length - Math.round((ms * c.context.sampleRate) / 1000)),
    );
    let peak = 0;
    let nonZero = 0;
    for (const s of tail) {
      peak = Math.max(peak, Math.abs(s));
      if (s !== 0) nonZero++;
    }
    return { peak, nonZero, samples: tail.length };
  },

  async stop(): Promise<void> {
    const c = call;
    call = undefined;
    if (c === undefined) return;
    await c.mic.stop();
    await c.player.close();
    await c.close();
    await c.context.close();
  },
};

export type SoftphoneHarnessApi = typeof api;
(window as unknown as { cc: typeof api; ccReady: boolean }).cc = api;
(window as unknown as { ccReady: boolean }).ccReady = true;
