// The realtime-track client of the product docs (seeds "Realtime Tracks"): a
// small facade over the connection lifecycle (connector.ts), the request queue
// replayed on every session, and one handle class per track kind.
import { type Listener, TypedEmitter } from "../session/emitter.ts";
import { namespaceHasPrefix } from "../wire/namespace.ts";
import { AudioPublication, type AudioPublishOptions } from "./audio-publication.ts";
import { type AudioHandler, AudioSubscription } from "./audio-subscription.ts";
import { invokeCallback } from "./callback.ts";
import { CapabilityPick, type TrackSelector } from "./capability-pick.ts";
import { Connector } from "./connector.ts";
import type { TrackContext } from "./context.ts";
import { asyncDispose } from "./dispose.ts";
import { closedError, invalidArgument, MoqtClientError, MoqtClientErrorCode } from "./errors.ts";
import type { MoqtClientEvents } from "./events.ts";
import { FramePublication, type FramePublishOptions } from "./frame-publication.ts";
import {
  type FrameHandler,
  type FrameSubscribeOptions,
  FrameSubscription,
} from "./frame-subscription.ts";
import { NamespaceWatch } from "./namespace-watch.ts";
import { type MoqtClientOptions, resolveClientOptions } from "./options.ts";
import { Publication } from "./publication.ts";
import { type Attachable, RequestQueue } from "./request-queue.ts";
import { ConnectionStateMachine } from "./state-machine.ts";
import { ConnectionState } from "./states.ts";
import {
  Subscription,
  type SubscriptionTarget,
  type TrackSubscribeOptions,
} from "./subscription.ts";
import { TextPublication, type TextPublishOptions } from "./text-publication.ts";
import { type TextHandler, TextSubscription } from "./text-subscription.ts";
import { TrackDiscovery, type TracksOptions } from "./track-discovery.ts";
import { MAX_CAPABILITY_BYTES } from "./track-metadata.ts";
import {
  type NamespaceInput,
  type NamespaceName,
  namespaceName,
  type TrackName,
  trackName,
} from "./track-name.ts";
import { TrackPresence } from "./track-presence.ts";
import { checkLabel } from "./validate.ts";
import { VideoPublication, type VideoPublishOptions } from "./video-publication.ts";
import { type VideoHandler, VideoSubscription } from "./video-subscription.ts";

/**
 * A MoQT client for realtime tracks. `connect` returns at once and dials in the
 * background; publish and subscribe calls made before the session is up are
 * queued and sent once it is. The client reconnects by itself (see
 * `MoqtClientOptions.reconnect`) and re-establishes every publication and
 * subscription; the application only sees state changes.
 *
 * ```ts
 * const client = MoqtClient.connect("https://relay.example/moq", { onState: console.log });
 * const track = client.publishFrame("robot/r1", "odom", { capability: "ros.telemetry" });
 * track.write(tsUs, bytes, 200);
 * ```
 */
export class MoqtClient implements AsyncDisposable {
  private readonly machine = new ConnectionStateMachine();
  private readonly queue = new RequestQueue();
  private readonly events = new TypedEmitter<MoqtClientEvents>();
  private readonly connector: Connector;
  private readonly ctx: TrackContext;

  private constructor(url: string | URL, options: MoqtClientOptions) {
    const o = resolveClientOptions(options);
    this.ctx = { options: o, queue: this.queue, presence: new TrackPresence() };
    this.machine.onChange((change) => {
      if (o.onState !== undefined) invokeCallback(() => o.onState?.(change.state, change));
      this.events.emit("state", change);
    });
    this.connector = new Connector(url, o, this.machine, {
      attach: (link) => this.queue.attachAll(link),
      detach: (link) => this.queue.detachAll(link),
      retry: (info) => this.events.emit("retry", info),
      probeTrack: () => this.probeTrack(),
      tokenRefreshFailed: (e) => this.events.emit("tokenRefreshFailed", e),
    });
    if (o.signal?.aborted) {
      this.connector.close();
      return;
    }
    o.signal?.addEventListener("abort", () => void this.close(), { once: true });
    // Dial after the caller had the chance to add `state` listeners.
    queueMicrotask(() => this.connector.start());
  }

  /**
   * Starts connecting to the relay at `url` (https://, or http:// for a loopback
   * dev relay; wss:// / ws:// for QMux) and returns the client at once. A
   * malformed URL, a refused token or a version mismatch make it Failed.
   * Throws INVALID_ARGUMENT for invalid options.
   */
  static connect(url: string | URL, options: MoqtClientOptions = {}): MoqtClient {
    if (typeof url !== "string" && !(url instanceof URL)) {
      throw invalidArgument("url must be a string or a URL");
    }
    return new MoqtClient(url, options);
  }

  /**
   * The track the keepalive asks the relay about: one the relay serves this
   * client (its token allows that), else any of the client's tracks (an error
   * answer also proves the relay is there).
   */
  private probeTrack(): TrackName | undefined {
    const items = this.queue.all();
    const served = items.find((i) => i instanceof Subscription && i.isActive);
    const any = served ?? items.find((i) => i instanceof Subscription) ?? items[0];
    return any instanceof Subscription || any instanceof Publication
      ? any.fullTrackName
      : undefined;
  }

  /** The current lifecycle state. */
  get state(): ConnectionState {
    return this.machine.state;
  }

  /** Why the client Failed (once it has). */
  get error(): MoqtClientError | undefined {
    return this.machine.error;
  }

  /** The negotiated MoQT draft while connected. */
  get draft(): 14 | 16 | undefined {
    return this.connector.link?.draft;
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof MoqtClientEvents>(
    type: K,
    listener: Listener<MoqtClientEvents[K]>,
  ): () => void {
    return this.events.on(type, listener);
  }

  /** Removes a listener. */
  off<K extends keyof MoqtClientEvents>(type: K, listener: Listener<MoqtClientEvents[K]>): void {
    this.events.off(type, listener);
  }

  /**
   * Resolves once the client is Connected (at once if it is); rejects with the
   * reason when it becomes Failed or Closed first, or when `signal` aborts.
   */
  connected(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const s = this.machine.state;
        if (s === ConnectionState.Connected) resolve();
        else if (s === ConnectionState.Failed) reject(this.machine.error);
        else if (s === ConnectionState.Closed) reject(closedError("client"));
        else return false;
        return true;
      };
      if (check()) return;
      const onAbort = () => {
        off();
        reject(signal?.reason);
      };
      const off = this.machine.onChange(() => {
        if (!check()) return;
        off();
        signal?.removeEventListener("abort", onAbort);
      });
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /**
   * Publishes a frame track: opaque objects with a per-frame priority, e.g. robot
   * telemetry or game state. `datagram: true` sends frames on the datagram lane.
   */
  publishFrame(ns: NamespaceInput, name: string, options: FramePublishOptions): FramePublication {
    return this.add("pub", ns, name, (t) => new FramePublication(this.ctx, t, this.opts(options)));
  }

  /**
   * Subscribes to a frame track; `onFrame(tsUs, priority, data)` runs for every frame.
   * Every `subscribe*` takes a track `name`, or `{ capability }` to subscribe to
   * the one track under `ns` published with that capability (seed: "subscribers
   * and modules select by intent") — see `TrackSelector`.
   */
  subscribeFrame(
    ns: NamespaceInput,
    name: string | TrackSelector,
    onFrame: FrameHandler,
    options: FrameSubscribeOptions = {},
  ): FrameSubscription {
    checkHandler(onFrame, "onFrame");
    return this.subscribe(ns, name, (t) => new FrameSubscription(this.ctx, t, onFrame, options));
  }

  /** Publishes an audio track (a Group about every second; codec metadata travels with it). */
  publishAudio(ns: NamespaceInput, name: string, options: AudioPublishOptions): AudioPublication {
    return this.add("pub", ns, name, (t) => new AudioPublication(this.ctx, t, this.opts(options)));
  }

  /** Subscribes to an audio track, live; `onFrame(tsUs, bytes)` runs for every frame. */
  subscribeAudio(
    ns: NamespaceInput,
    name: string | TrackSelector,
    onFrame: AudioHandler,
    options: TrackSubscribeOptions = {},
  ): AudioSubscription {
    checkHandler(onFrame, "onFrame");
    return this.subscribe(ns, name, (t) => new AudioSubscription(this.ctx, t, onFrame, options));
  }

  /** Publishes a video track (a Group per keyframe). */
  publishVideo(ns: NamespaceInput, name: string, options: VideoPublishOptions): VideoPublication {
    return this.add("pub", ns, name, (t) => new VideoPublication(this.ctx, t, this.opts(options)));
  }

  /**
   * Subscribes to a video track, starting at the newest keyframe;
   * `onFrame(tsUs, bytes, keyframe)` runs for every decodable frame.
   */
  subscribeVideo(
    ns: NamespaceInput,
    name: string | TrackSelector,
    onFrame: VideoHandler,
    options: TrackSubscribeOptions = {},
  ): VideoSubscription {
    checkHandler(onFrame, "onFrame");
    return this.subscribe(ns, name, (t) => new VideoSubscription(this.ctx, t, onFrame, options));
  }

  /** Publishes a text track: reliable, ordered messages (a Group per 64). */
  publishText(ns: NamespaceInput, name: string, options: TextPublishOptions): TextPublication {
    return this.add("pub", ns, name, (t) => new TextPublication(this.ctx, t, this.opts(options)));
  }

  /**
   * Subscribes to a text track from now on; `onMessage(tsUs, text)` runs for every
   * message exactly once, in order, across reconnects.
   */
  subscribeText(
    ns: NamespaceInput,
    name: string | TrackSelector,
    onMessage: TextHandler,
    options: TrackSubscribeOptions = {},
  ): TextSubscription {
    checkHandler(onMessage, "onMessage");
    return this.subscribe(ns, name, (t) => new TextSubscription(this.ctx, t, onMessage, options));
  }

  /**
   * Discovers the tracks under `prefix` (seed: "subscribers and modules select by
   * intent"), optionally only those of one `capability`: an async iterable of
   * `{ type: "available" | "ended", track }` and a `TrackDiscovery` with typed
   * events. Kept up across reconnects; `signal` or `close()` ends it. Shares the
   * client's watch of `prefix` or of a prefix of it; throws PREFIX_OVERLAP when
   * `prefix` is a prefix of a narrower one the client already watches.
   *
   * ```ts
   * for await (const { type, track } of client.tracks("voice/call-1", { capability: "asr" })) {
   *   if (type === "available") client.subscribeAudio(track.namespace, track.name, onFrame);
   * }
   * ```
   */
  tracks(prefix: NamespaceInput, options: TracksOptions = {}): TrackDiscovery {
    if (this.machine.isFinal) throw closedError(`client (${this.machine.state})`);
    if (typeof options !== "object" || options === null) {
      throw invalidArgument("options must be an object");
    }
    if (options.capability !== undefined) {
      checkLabel(options.capability, "capability", MAX_CAPABILITY_BYTES);
    }
    const scope = namespaceName(prefix);
    return new TrackDiscovery(this.watchFor(scope, `tracks("${scope.namespace}")`), scope, options);
  }

  /**
   * Closes every publication (flushing it) and subscription, ends the session
   * and stops reconnecting; the state becomes Closed. Never rejects.
   */
  async close(): Promise<void> {
    await Promise.all(this.queue.all().map((h) => h.close()));
    this.connector.close();
  }

  /** `close()` for `await using`. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }

  private opts<T extends { readonly capability: string }>(options: T): T {
    if (typeof options !== "object" || options === null) {
      throw invalidArgument("options must be an object with at least `capability`");
    }
    return options;
  }

  /**
   * The client's watch of the namespace `scope`, or of a prefix of it; made
   * when there is none. Throws PREFIX_OVERLAP when `scope` is a prefix of a
   * narrower watch (the relay takes one SUBSCRIBE_NAMESPACE per prefix).
   */
  private watchFor(scope: NamespaceName, what: string): NamespaceWatch {
    for (const item of this.queue.all()) {
      if (!(item instanceof NamespaceWatch)) continue;
      const w = item.scope;
      if (namespaceHasPrefix(scope.trackNamespace, w.trackNamespace)) return item;
      if (namespaceHasPrefix(w.trackNamespace, scope.trackNamespace)) {
        throw new MoqtClientError(
          MoqtClientErrorCode.PREFIX_OVERLAP,
          `${what} covers "${w.namespace}", which this client already watches: close what watches "${w.namespace}" first, or watch "${scope.namespace}" first`,
        );
      }
    }
    const watch = new NamespaceWatch(this.ctx, scope);
    this.queue.add(watch);
    return watch;
  }

  private subscribe<T extends Attachable>(
    ns: NamespaceInput,
    name: string | TrackSelector,
    make: (t: SubscriptionTarget) => T,
  ): T {
    if (typeof name === "string" || typeof name !== "object" || name === null) {
      return this.add("sub", ns, name as string, make);
    }
    if (this.machine.isFinal) throw closedError(`client (${this.machine.state})`);
    checkLabel(name.capability, "capability", MAX_CAPABILITY_BYTES);
    const scope = namespaceName(ns);
    const what = `subscribe(${scope.namespace}, { capability: "${name.capability}" })`;
    const key = `sub?${scope.key}#${name.capability}`;
    if (this.queue.has(key)) {
      throw new MoqtClientError(
        MoqtClientErrorCode.DUPLICATE_TRACK,
        `${what} is already subscribed by this client`,
      );
    }
    const pick = new CapabilityPick(this.watchFor(scope, what), scope, name.capability);
    let handle: T;
    try {
      handle = make(pick);
    } catch (e) {
      pick.close();
      throw e;
    }
    if (handle.closed) pick.close();
    else this.queue.add(handle);
    return handle;
  }

  private add<T extends Attachable>(
    role: "pub" | "sub",
    ns: NamespaceInput,
    name: string,
    make: (t: TrackName) => T,
  ): T {
    if (this.machine.isFinal) throw closedError(`client (${this.machine.state})`);
    const track = trackName(ns, name);
    if (
      this.queue.has(`${role}:${track.key}`) ||
      (role === "sub" && this.ctx.presence.claimed(track.key))
    ) {
      throw new MoqtClientError(
        MoqtClientErrorCode.DUPLICATE_TRACK,
        `${track.namespace}/${track.name} is already ${role === "pub" ? "published" : "subscribed"} by this client`,
      );
    }
    const handle = make(track);
    this.queue.add(handle);
    // The relay must not offer this client a track it subscribes to (track-presence.ts).
    if (role === "sub" && !handle.closed) this.ctx.presence.claim(track.key);
    return handle;
  }
}

function checkHandler(fn: unknown, what: string): void {
  if (typeof fn !== "function") throw invalidArgument(`${what} must be a function`);
}
