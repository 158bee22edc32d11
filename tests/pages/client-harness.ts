// Browser side of tests/client.spec.ts: `MoqtClient`s of the real dev server in
// Chromium. Each page keeps its clients by id and records their state changes
// and everything their subscriptions deliver, for the test to poll.
import {
  type AudioPublication,
  ExponentialBackoff,
  type FramePublication,
  MoqtClient,
  type TextPublication,
  type VideoPublication,
} from "../../src/moqt/index.ts";
// Loaded up front (the SDK loads it on first WebSocket use) so that Vite's
// dependency optimizer never reloads the page in the middle of a test.
import "../../src/transport/qmux.ts";

export type TrackKind = "frame" | "text" | "audio" | "video";

/** One delivery of a subscription. */
export interface Received {
  readonly tsUs: number;
  /** Wall-clock receive time, ms (performance.timeOrigin + now()). */
  readonly atMs: number;
  /** The payload as UTF-8 (the tests write text payloads). */
  readonly data: string;
  readonly priority?: number;
  readonly keyframe?: boolean;
}

type AnyPublication =
  | { readonly kind: "frame"; readonly handle: FramePublication }
  | { readonly kind: "text"; readonly handle: TextPublication }
  | { readonly kind: "audio"; readonly handle: AudioPublication }
  | { readonly kind: "video"; readonly handle: VideoPublication };

/** What every subscription handle offers the harness. */
interface AnySubscription {
  on(type: "subscribed", listener: () => void): () => void;
  close(): Promise<void>;
}

interface SubEntry {
  readonly handle: AnySubscription;
  readonly got: Received[];
  readonly counts: { subscribed: number; gaps: number };
}

/** A state change and when it happened (wall clock, ms). */
export interface StateAt {
  readonly state: string;
  readonly atMs: number;
}

/** A retry the client scheduled: when, after how long, and why. */
export interface RetryAt {
  readonly atMs: number;
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: string;
}

interface ClientEntry {
  readonly client: MoqtClient;
  readonly states: string[];
  readonly stateTimes: StateAt[];
  readonly retries: RetryAt[];
  readonly pubs: Map<string, AnyPublication>;
  readonly subs: Map<string, SubEntry>;
  stream: { stop: boolean; written: number; done: Promise<void> } | undefined;
}

const ENC = new TextEncoder();
const DEC = new TextDecoder();
const clients = new Map<string, ClientEntry>();
const nowMs = () => performance.timeOrigin + performance.now();
const key = (ns: string, name: string) => `${ns}/${name}`;

function entry(id: string): ClientEntry {
  const e = clients.get(id);
  if (e === undefined) throw new Error(`no client ${id}`);
  return e;
}

function pub(id: string, ns: string, name: string): AnyPublication {
  const p = entry(id).pubs.get(key(ns, name));
  if (p === undefined) throw new Error(`${id} does not publish ${key(ns, name)}`);
  return p;
}

export interface ConnectOptions {
  readonly transport?: "auto" | "webtransport" | "websocket";
  /** Retry every 100–300 ms instead of the default backoff (restart tests). */
  readonly fastReconnect?: boolean;
}

const api = {
  connect(id: string, url: string, o: ConnectOptions = {}): void {
    const states: string[] = [];
    const stateTimes: StateAt[] = [];
    const client = MoqtClient.connect(url, {
      ...(o.transport !== undefined && { transport: o.transport }),
      ...(o.fastReconnect === true && {
        reconnect: new ExponentialBackoff({ initialDelayMs: 100, maxDelayMs: 300 }),
      }),
      onState: (s) => {
        states.push(s);
        stateTimes.push({ state: s, atMs: nowMs() });
      },
    });
    const retries: RetryAt[] = [];
    client.on("retry", (r) =>
      retries.push({
        atMs: nowMs(),
        attempt: r.attempt,
        delayMs: r.delayMs,
        error: r.error.message,
      }),
    );
    clients.set(id, {
      client,
      states,
      stateTimes,
      retries,
      pubs: new Map(),
      subs: new Map(),
      stream: undefined,
    });
  },

  async connected(id: string): Promise<string> {
    const { client } = entry(id);
    await client.connected(AbortSignal.timeout(15_000));
    return client.state;
  },

  states(id: string): string[] {
    return [...entry(id).states];
  },

  /** Every state change with its wall-clock time. */
  stateTimes(id: string): StateAt[] {
    return [...entry(id).stateTimes];
  },

  /** Every retry the client scheduled. */
  retries(id: string): RetryAt[] {
    return [...entry(id).retries];
  },

  publish(id: string, kind: TrackKind, ns: string, name: string, datagram = false): void {
    const e = entry(id);
    const capability = "test.harness";
    let p: AnyPublication;
    if (kind === "frame") {
      p = {
        kind,
        handle: e.client.publishFrame(ns, name, { capability, defaultPriority: 128, datagram }),
      };
    } else if (kind === "text") {
      p = { kind, handle: e.client.publishText(ns, name, { capability }) };
    } else if (kind === "audio") {
      const audio = { capability, codec: "opus", sampleRate: 48_000, channels: 1, frameMs: 20 };
      p = { kind, handle: e.client.publishAudio(ns, name, audio) };
    } else {
      const video = { capability, codec: "vp8", width: 64, height: 48 };
      p = { kind, handle: e.client.publishVideo(ns, name, video) };
    }
    e.pubs.set(key(ns, name), p);
  },

  /** Writes `data` on a published track; `flag` is the frame priority or the video keyframe bit. */
  write(id: string, ns: string, name: string, data: string, flag?: number | boolean): void {
    const p = pub(id, ns, name);
    const tsUs = Math.round(nowMs() * 1000);
    const bytes = ENC.encode(data);
    if (p.kind === "frame") p.handle.write(tsUs, bytes, typeof flag === "number" ? flag : 128);
    else if (p.kind === "text") p.handle.write(data, tsUs);
    else if (p.kind === "audio") p.handle.write(tsUs, bytes);
    else p.handle.write(tsUs, bytes, flag === true);
  },

  subscribe(id: string, kind: TrackKind, ns: string, name: string): void {
    const e = entry(id);
    const got: Received[] = [];
    const atMs = nowMs;
    const counts = { subscribed: 0, gaps: 0 };
    let handle: AnySubscription;
    if (kind === "frame") {
      handle = e.client.subscribeFrame(ns, name, (tsUs, priority, data) =>
        got.push({ tsUs, atMs: atMs(), data: DEC.decode(data), priority }),
      );
    } else if (kind === "text") {
      const text = e.client.subscribeText(ns, name, (tsUs, text) =>
        got.push({ tsUs, atMs: atMs(), data: text }),
      );
      text.on("gap", () => {
        counts.gaps++;
      });
      handle = text;
    } else if (kind === "audio") {
      handle = e.client.subscribeAudio(ns, name, (tsUs, bytes) =>
        got.push({ tsUs, atMs: atMs(), data: DEC.decode(bytes) }),
      );
    } else {
      handle = e.client.subscribeVideo(ns, name, (tsUs, bytes, keyframe) =>
        got.push({ tsUs, atMs: atMs(), data: DEC.decode(bytes), keyframe }),
      );
    }
    handle.on("subscribed", () => {
      counts.subscribed++;
    });
    e.subs.set(key(ns, name), { handle, got, counts });
  },

  /** SUBSCRIBE_OKs seen so far by a subscription (one per session). */
  subscribedCount(id: string, ns: string, name: string): number {
    return entry(id).subs.get(key(ns, name))?.counts.subscribed ?? 0;
  },

  /** `gap` events of a text subscription (messages lost for good). */
  gaps(id: string, ns: string, name: string): number {
    return entry(id).subs.get(key(ns, name))?.counts.gaps ?? 0;
  },

  got(id: string, ns: string, name: string): Received[] {
    return [...(entry(id).subs.get(key(ns, name))?.got ?? [])];
  },

  gotData(id: string, ns: string, name: string): string[] {
    return (entry(id).subs.get(key(ns, name))?.got ?? []).map((r) => r.data);
  },

  /**
   * The frame example of the product docs: publishes frame track `ns/name` and at
   * once (queued until the session is up) writes frames "0".."count-1" of
   * `priority`, one every `intervalMs`. Resolves after the last write.
   */
  async writeFrameSeries(
    id: string,
    ns: string,
    name: string,
    count: number,
    intervalMs: number,
    priority: number,
  ): Promise<void> {
    const e = entry(id);
    const track = e.client.publishFrame(ns, name, {
      capability: "test.harness",
      defaultPriority: 128,
    });
    e.pubs.set(key(ns, name), { kind: "frame", handle: track });
    for (let i = 0; i < count; i++) {
      track.write(Math.round(nowMs() * 1000), ENC.encode(String(i)), priority);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  },

  /**
   * Publishes frame track `ns/name`, waits until it is live, then writes frames
   * "0".."count-1" in one synchronous burst (a stream each, more than a relay's
   * stream credit).
   */
  async writeFrameBurst(id: string, ns: string, name: string, count: number): Promise<void> {
    const e = entry(id);
    const track = e.client.publishFrame(ns, name, { capability: "test.harness" });
    e.pubs.set(key(ns, name), { kind: "frame", handle: track });
    await new Promise<void>((resolve) => track.on("live", () => resolve()));
    for (let i = 0; i < count; i++) track.write(Math.round(nowMs() * 1000), ENC.encode(String(i)));
  },

  /** Frames a frame publication could not send (`FramePublication.dropped`). */
  frameDropped(id: string, ns: string, name: string): number {
    const p = pub(id, ns, name);
    if (p.kind !== "frame") throw new Error(`${ns}/${name} is not a frame track`);
    return p.handle.dropped;
  },

  /** Writes `${prefix}${n}` on a text track every `intervalMs` until `stopTextStream`. */
  startTextStream(id: string, ns: string, name: string, prefix: string, intervalMs: number): void {
    const e = entry(id);
    const p = pub(id, ns, name);
    if (p.kind !== "text") throw new Error(`${key(ns, name)} is not a text track`);
    const text = p.handle;
    const s = { stop: false, written: 0, done: Promise.resolve() };
    s.done = (async () => {
      while (!s.stop) {
        text.write(`${prefix}${s.written}`);
        s.written++;
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    })();
    e.stream = s;
  },

  async stopTextStream(id: string): Promise<number> {
    const s = entry(id).stream;
    if (s === undefined) return 0;
    s.stop = true;
    await s.done;
    return s.written;
  },

  async close(id: string): Promise<string> {
    const e = entry(id);
    await e.client.close();
    clients.delete(id);
    return e.client.state;
  },

  async closeAll(): Promise<void> {
    await Promise.all([...clients.keys()].map((id) => api.close(id)));
  },
};

export type ClientHarnessApi = typeof api;

Object.assign(globalThis, { cc: api, ccReady: true });
