// Where a late joiner's time to first frame goes, for bench/broadcast.bench.ts:
// milestones from `play()` to the first frame shown — transport ready, SETUP
// done, catalog Object, per media track SUBSCRIBE / SUBSCRIBE_OK / first Object,
// MediaSource open, init and first media appends, `<video>.play()`, first
// decoded frame, first frame shown. Recorded by wrapping the platform and
// client entry points the viewer goes through (nothing in the SDK changes).
import { ConnectionState, MoqtClient } from "../../src/moqt/index.ts";

/** One milestone: what, ms since `play()` was called, and what was buffered then. */
export interface JoinMark {
  readonly what: string;
  readonly atMs: number;
  readonly detail?: string;
}

let marks: JoinMark[] = [];
let t0 = 0;
const seen = new Set<string>();

/** Records `what` once (the first time it happens, or at `sinceStartMs`) since the last `joinStarted`. */
function mark(what: string, detail?: string, sinceStartMs = performance.now() - t0): void {
  if (t0 === 0 || seen.has(what)) return;
  seen.add(what);
  const atMs = Math.round(sinceStartMs);
  marks.push(detail === undefined ? { what, atMs } : { what, atMs, detail });
}

/** Starts a new timeline: call right before `viewer.play()`. */
export function joinStarted(): void {
  marks = [];
  seen.clear();
  sourceBuffers.length = 0;
  t0 = performance.now();
}

/** The milestones of the current join, in order. */
export function joinMarks(): JoinMark[] {
  return [...marks].sort((a, b) => a.atMs - b.atMs);
}

/** Each SourceBuffer's buffered ranges relative to the playhead, ms (`[-480, 62]`: 480 ms behind to 62 ms ahead). */
function bufferedAround(el: HTMLMediaElement): string {
  const ms = el.srcObject === null && sourceBuffers.length > 0 ? sourceBuffers : [];
  return ms
    .map(({ kind, sb }) => {
      const r = Array.from({ length: sb.buffered.length }, (_, i) => [
        Math.round((sb.buffered.start(i) - el.currentTime) * 1000),
        Math.round((sb.buffered.end(i) - el.currentTime) * 1000),
      ]);
      return `${kind} ${JSON.stringify(r)}`;
    })
    .join(", ");
}

const sourceBuffers: { kind: string; sb: SourceBuffer }[] = [];

/** Installs the wrappers; call once, before the viewer is created. */
export function traceJoin(video: HTMLVideoElement): void {
  const WT = globalThis.WebTransport;
  if (WT !== undefined) {
    globalThis.WebTransport = class extends WT {
      constructor(url: string | URL, options?: WebTransportOptions) {
        super(url, options);
        mark("WebTransport created");
        this.ready.then(
          () => mark("WebTransport ready"),
          () => undefined,
        );
      }
      override createBidirectionalStream(
        options?: WebTransportSendStreamOptions,
      ): Promise<WebTransportBidirectionalStream> {
        mark("control stream opened (session code loaded)");
        return super.createBidirectionalStream(options);
      }
    };
  }
  const connect = MoqtClient.connect;
  MoqtClient.connect = (url, options) => {
    mark("MoqtClient.connect");
    const client = connect.call(MoqtClient, url, options);
    client.on("state", ({ state }) => {
      if (state === ConnectionState.Connected) mark("SETUP done");
    });
    return client;
  };
  const subscribeFrame = MoqtClient.prototype.subscribeFrame;
  MoqtClient.prototype.subscribeFrame = function (this: MoqtClient, ns, name, onFrame, options) {
    const sub = subscribeFrame.call(
      this,
      ns,
      name,
      (tsUs, priority, bytes) => {
        mark(`${String(name)} Object`);
        onFrame(tsUs, priority, bytes);
      },
      options,
    );
    sub.on("subscribed", () => mark(`${String(name)} SUBSCRIBE_OK`));
    return sub;
  } as typeof subscribeFrame;
  const subscribeVideo = MoqtClient.prototype.subscribeVideo;
  MoqtClient.prototype.subscribeVideo = function (this: MoqtClient, ns, name, onFrame, options) {
    mark(`${String(name)} SUBSCRIBE`);
    const sub = subscribeVideo.call(
      this,
      ns,
      name,
      (tsUs, bytes, keyframe) => {
        mark(`${String(name)} first Object`);
        onFrame(tsUs, bytes, keyframe);
      },
      options,
    );
    sub.on("subscribed", () => mark(`${String(name)} SUBSCRIBE_OK`));
    return sub;
  } as typeof subscribeVideo;
  const addSourceBuffer = MediaSource.prototype.addSourceBuffer;
  MediaSource.prototype.addSourceBuffer = function (this: MediaSource, type: string) {
    const kind = type.split("/")[0];
    mark("MediaSource open");
    const sb = addSourceBuffer.call(this, type);
    sourceBuffers.push({ kind: kind ?? type, sb });
    let appends = 0;
    sb.addEventListener("updateend", () => {
      appends++;
      if (appends === 1) mark(`${kind} init appended`);
      if (appends === 2) mark(`${kind} first media appended`);
    });
    return sb;
  };
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    mark("<video>.play()", bufferedAround(this));
    return play.call(this);
  };
  video.addEventListener("playing", () => mark("<video> playing"));
  video.addEventListener("waiting", () => mark("<video> waiting", bufferedAround(video)));
  const onVideoFrame = () => {
    mark("<video> frame presented");
    video.requestVideoFrameCallback(onVideoFrame);
  };
  video.requestVideoFrameCallback(onVideoFrame);
  const VD = globalThis.VideoDecoder;
  if (VD !== undefined) {
    globalThis.VideoDecoder = class extends VD {
      constructor(init: VideoDecoderInit) {
        super({
          ...init,
          output: (frame) => {
            mark("VideoDecoder first output");
            init.output(frame);
          },
        });
      }
      override decode(chunk: EncodedVideoChunk): void {
        mark("VideoDecoder first decode");
        super.decode(chunk);
      }
    };
  }
}

/**
 * Marks the `started` event, and the first frame shown `timeToFirstFrameMs`
 * after `play()` as the viewer reports it (drawn by a canvas's render worker,
 * the page hears of it later).
 */
export function joinShown(timeToFirstFrameMs: number | undefined): void {
  mark("started event");
  if (timeToFirstFrameMs !== undefined) mark("first frame shown", undefined, timeToFirstFrameMs);
}
