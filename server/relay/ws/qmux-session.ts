// The relay's server side of QMux over WebSocket (qmux-02; qmux-01, qmux-00 and
// the pre-QMux "webtransport" framing that `@moq/qmux` clients may negotiate),
// as the `MoqTransport` the relay accepts. Lean on purpose, since every Object
// sent to every subscriber crosses it: writes queue references, and at the end
// of the current task (one microtask for every session) each session frames
// what its streams queued into as few records as fit, one `socket.send` each (qmux-02 §"QMux Records"), from a
// scratch buffer shared by every session (Deno's WebSocket copies on send).
// Flow control (RFC 9000 §4: MAX_DATA, MAX_STREAM_DATA, MAX_STREAMS) is honoured
// for what we send and enforced on what we receive; a peer that breaks the wire
// format or a limit gets CONNECTION_CLOSE with the RFC 9000 §20.1 error code.

import {
  TransportError,
  TransportErrorCode,
  TransportStreamError,
} from "../../../src/transport/errors.ts";
import { clampCloseReason } from "../../../src/transport/qmux-session.ts";
import type {
  MoqBidirectionalStream,
  MoqCloseInfo,
  MoqReceiveStream,
  MoqStreamOptions,
  MoqTransport,
} from "../../../src/transport/types.ts";
import { QmuxDatagrams } from "./qmux-datagrams.ts";
import { QmuxError, QmuxErrorCode } from "./qmux-error.ts";
import {
  datagramOverhead,
  decodeFrame,
  encodeClose,
  encodeDatagram,
  encodeMaxData,
  encodeMaxStreamData,
  encodeMaxStreams,
  encodeParametersFrame,
  encodePing,
  encodeReset,
  encodeStop,
  type Frame,
  putStreamHeader,
  streamHeaderSize,
  streamStateError,
} from "./qmux-frames.ts";
import { IncomingQueue } from "./qmux-incoming.ts";
import {
  DEFAULT_MAX_RECORD_SIZE,
  DEFAULT_PARAMETERS,
  type TransportParameters,
} from "./qmux-params.ts";
import { PeerStreamCount } from "./qmux-peer-streams.ts";
import { QmuxRecvStream, type RecvHost } from "./qmux-recv-stream.ts";
import {
  QmuxSendStream,
  type SendHost,
  sessionGoneError,
  stoppedError,
} from "./qmux-send-stream.ts";
import { usesRecords, WireReader, type WireVersion } from "./qmux-wire.ts";

/** The flow-control limits the relay declares (qmux-02 §"Permitted and Forbidden Transport Parameters"). */
export const RELAY_PARAMETERS: TransportParameters = {
  maxIdleTimeoutMs: 30_000,
  initialMaxData: 4 * 1024 * 1024,
  initialMaxStreamDataBidiLocal: 256 * 1024,
  initialMaxStreamDataBidiRemote: 256 * 1024,
  initialMaxStreamDataUni: 256 * 1024,
  initialMaxStreamsBidi: 100,
  initialMaxStreamsUni: 100,
  maxDatagramFrameSize: DEFAULT_MAX_RECORD_SIZE,
  maxRecordSize: DEFAULT_MAX_RECORD_SIZE,
};

/** qmux-00's `max_frame_size`, which also bounds the legacy framing's messages (one frame each). */
const MAX_FRAME_SIZE = 16384;
/**
 * The largest STREAM payload we put in one frame: `@moq/qmux` receivers before
 * 0.3 refuse larger ones whatever the record size.
 */
const MAX_STREAM_PAYLOAD = MAX_FRAME_SIZE - 32;
/** The records we build: at most this large, however large a record the peer accepts. */
const SCRATCH_BYTES = 64 * 1024;
/** Socket bytes buffered beyond which writes wait (and are polled for) until half drained. */
const HIGH_WATER_BYTES = 64 * 1024;
const DRAIN_POLL_MS = 2;
/** Streams of each kind a peer on the pre-QMux framing (which has no MAX_STREAMS) may have open. */
const LEGACY_OPEN_STREAMS = 1024;

/** Options of a `QmuxSession`. */
export interface QmuxSessionOptions {
  /** The wire format the negotiated subprotocol selects. */
  readonly version: WireVersion;
  /** The application protocol it names ("moqt-16"), "" for a bare token. */
  readonly protocol: string;
  /** Our transport parameters; default `RELAY_PARAMETERS`. */
  readonly parameters?: TransportParameters;
}

/** The WebSocket members the session uses (Deno's server-side socket has them). */
export type QmuxSocket = Pick<
  WebSocket,
  "binaryType" | "bufferedAmount" | "readyState" | "send" | "close" | "addEventListener"
>;

/** Sessions with frames to send, flushed together once the current task's writes are done. */
const dirty: QmuxSession[] = [];
let flushQueued = false;
/** One scratch record for every session: sends are synchronous and copy. */
const scratch = new Uint8Array(SCRATCH_BYTES);

function flushAll(): void {
  flushQueued = false;
  for (const s of dirty.splice(0)) s.flush();
}

/** A peer-opened stream's slot (RFC 9000 §4.6): credited back once taken and both halves ended. */
interface Slot {
  halves: number;
  accepted: boolean;
  readonly bidi: boolean;
}

const streamIndex = (id: number) => Math.floor(id / 4);
/** W3C send order: higher first (a stable sort keeps the order of writes among equals). */
const bySendOrder = (a: QmuxSendStream, b: QmuxSendStream) => b.sendOrder - a.sendOrder;

/** One QMux session over an accepted WebSocket, in the server role (RFC 9000 §2.1 stream IDs). */
export class QmuxSession implements MoqTransport, SendHost, RecvHost {
  readonly ready: Promise<void>;
  readonly closed: Promise<MoqCloseInfo>;
  readonly protocol: string;
  readonly incomingBidirectionalStreams: ReadableStream<MoqBidirectionalStream>;
  readonly incomingUnidirectionalStreams: ReadableStream<MoqReceiveStream>;
  readonly datagrams: QmuxDatagrams;

  readonly #socket: QmuxSocket;
  readonly #version: WireVersion;
  readonly #records: boolean;
  #ours: TransportParameters;
  #peer: TransportParameters = DEFAULT_PARAMETERS;
  /** The peer's parameters arrived (the legacy framing has none and no limits). */
  #sendable: boolean;
  #ended = false;
  #settleReady!: (error?: unknown) => void;
  #settleClosed!: (info: MoqCloseInfo | Error) => void;

  // Sending: the peer's connection limit and what we framed or queued against it.
  #connMax = 0;
  #connSent = 0;
  #connQueued = 0;
  #nextIndex = { bidi: 0, uni: 0 };
  #peerMaxStreams = { bidi: 0, uni: 0 };
  #openWaiters: {
    readonly bidi: boolean;
    readonly open: () => void;
    readonly fail: (e: unknown) => void;
  }[] = [];
  readonly #sends = new Map<number, QmuxSendStream>();
  #scheduled: QmuxSendStream[] = [];
  /** Streams with work that credit holds back; retried when credit arrives. */
  readonly #blocked = new Set<QmuxSendStream>();
  #control: Uint8Array[] = [];
  #outDatagrams: Uint8Array[] = [];
  #queuedForFlush = false;
  #congested = false;

  // Receiving: our limits and what the peer used of them.
  #recvConnMax: number;
  #recvConnReceived = 0;
  #recvConnConsumed = 0;
  readonly #recvs = new Map<number, QmuxRecvStream>();
  readonly #slots = new Map<number, Slot>();
  #peerStreams: { readonly bidi: PeerStreamCount; readonly uni: PeerStreamCount };
  #paramsSeen = false;
  #framesSeen = false;
  #lastPingIn = -1;
  #nextPingOut = 0;
  #lastRecvMs = performance.now();
  #lastSendMs = performance.now();
  /** A record was sent since the idle timer last looked (it then moves `#lastSendMs`). */
  #sentSinceTick = false;
  #idleTimer: ReturnType<typeof setInterval> | undefined;

  readonly #incomingBidi = new IncomingQueue<MoqBidirectionalStream>();
  readonly #incomingUni = new IncomingQueue<MoqReceiveStream>();

  constructor(socket: QmuxSocket, options: QmuxSessionOptions) {
    this.#socket = socket;
    this.#version = options.version;
    this.#records = usesRecords(options.version);
    this.protocol = options.protocol;
    const ours = options.parameters ?? RELAY_PARAMETERS;
    // RFC 9221 datagrams ride in records only.
    this.#ours = this.#records ? ours : { ...ours, maxDatagramFrameSize: 0 };
    this.#recvConnMax = this.#ours.initialMaxData;
    this.#sendable = options.version === "webtransport";
    if (this.#sendable) {
      // The pre-QMux framing has no flow control: no limits either way.
      const unlimited = Number.MAX_SAFE_INTEGER;
      this.#peer = {
        ...DEFAULT_PARAMETERS,
        initialMaxData: unlimited,
        initialMaxStreamDataBidiLocal: unlimited,
        initialMaxStreamDataBidiRemote: unlimited,
        initialMaxStreamDataUni: unlimited,
      };
      this.#connMax = unlimited;
      this.#peerMaxStreams = { bidi: unlimited, uni: unlimited };
      this.#recvConnMax = unlimited;
      // It declares no stream limit either; the relay still holds the peer to
      // LEGACY_OPEN_STREAMS at once (raised as streams end, never announced).
      this.#ours = {
        ...this.#ours,
        initialMaxStreamsBidi: LEGACY_OPEN_STREAMS,
        initialMaxStreamsUni: LEGACY_OPEN_STREAMS,
      };
    }
    this.#peerStreams = {
      bidi: new PeerStreamCount(this.#ours.initialMaxStreamsBidi),
      uni: new PeerStreamCount(this.#ours.initialMaxStreamsUni),
    };
    this.ready = new Promise<void>((resolve, reject) => {
      this.#settleReady = (e) => (e === undefined ? resolve() : reject(e));
    });
    this.closed = new Promise<MoqCloseInfo>((resolve, reject) => {
      this.#settleClosed = (r) => (r instanceof Error ? reject(r) : resolve(r));
    });
    this.ready.catch(() => undefined);
    this.closed.catch(() => undefined);
    this.incomingBidirectionalStreams = this.#incomingBidi.readable;
    this.incomingUnidirectionalStreams = this.#incomingUni.readable;
    this.datagrams = new QmuxDatagrams(
      (d) => {
        if (this.#ended) return;
        this.#outDatagrams.push(encodeDatagram(d));
        this.#queueFlush();
      },
      () => this.#maxDatagramSize(),
    );

    socket.binaryType = "arraybuffer";
    socket.addEventListener("message", (e) => this.#onMessage(e.data));
    socket.addEventListener("close", () => this.#lost("the WebSocket closed without a QMux close"));
    socket.addEventListener("error", () => this.#lost("the WebSocket failed"));
    if (socket.readyState === 1) this.#start();
    else socket.addEventListener("open", () => this.#start(), { once: true });
  }

  // --- MoqTransport -------------------------------------------------------

  close(info: Partial<MoqCloseInfo> = {}): void {
    if (this.#ended) return;
    const closeCode = (info.closeCode ?? 0) >>> 0;
    const reason = clampCloseReason(info.reason ?? "");
    // RFC 9000 §19.19: the application's close is the 0x1d variant.
    this.#terminate(encodeClose(this.#version, true, closeCode, reason), { closeCode, reason });
  }

  createUnidirectionalStream(options: MoqStreamOptions = {}): Promise<QmuxSendStream> {
    return this.#open(false).then(() => {
      const id = this.#nextIndex.uni++ * 4 + 3; // server-initiated, unidirectional
      const s = new QmuxSendStream(id, this, this.#peer.initialMaxStreamDataUni, options.sendOrder);
      this.#sends.set(id, s);
      return s;
    });
  }

  createBidirectionalStream(options: MoqStreamOptions = {}): Promise<MoqBidirectionalStream> {
    return this.#open(true).then(() => {
      const id = this.#nextIndex.bidi++ * 4 + 1; // server-initiated, bidirectional
      const send = new QmuxSendStream(
        id,
        this,
        this.#peer.initialMaxStreamDataBidiRemote,
        options.sendOrder,
      );
      const recv = new QmuxRecvStream(id, this, this.#ours.initialMaxStreamDataBidiLocal);
      this.#sends.set(id, send);
      this.#recvs.set(id, recv);
      return { readable: recv.readable, writable: send };
    });
  }

  // --- SendHost -----------------------------------------------------------

  schedule(s: QmuxSendStream, added: number): void {
    this.#connQueued += added;
    if (!s.scheduled) {
      s.scheduled = true;
      this.#scheduled.push(s);
    }
    this.#queueFlush();
  }

  sendsAtOnce(s: QmuxSendStream): boolean {
    return (
      this.#sendable &&
      !this.#congested &&
      s.sent + s.queued <= s.maxData &&
      this.#connSent + this.#connQueued <= this.#connMax
    );
  }

  reset(s: QmuxSendStream, code: number): void {
    this.#queueControl(encodeReset(this.#version, s.id, code, s.sent));
    this.#dropSend(s, new TransportStreamError("stream", code, `stream reset with code ${code}`));
  }

  // --- RecvHost -----------------------------------------------------------

  consumed(r: QmuxRecvStream, n: number): void {
    if (this.#ended || this.#version === "webtransport") return; // no flow control there
    this.#recvConnConsumed += n;
    // RFC 9000 §4.2: more credit once half of a window was used.
    const connWindow = this.#ours.initialMaxData;
    if (this.#recvConnMax - this.#recvConnConsumed <= connWindow / 2) {
      this.#recvConnMax = this.#recvConnConsumed + connWindow;
      this.#queueControl(encodeMaxData(this.#recvConnMax));
    }
    if (!r.ended && r.maxData - r.delivered <= r.window / 2) {
      r.maxData = r.delivered + r.window;
      this.#queueControl(encodeMaxStreamData(r.id, r.maxData));
    }
  }

  stop(r: QmuxRecvStream, code: number): void {
    if (!this.#ended) this.#queueControl(encodeStop(r.id, code));
  }

  // --- Sending --------------------------------------------------------------

  /**
   * Frames what is queued: control frames, datagrams, then stream data by
   * `sendOrder` (higher first), as much as flow control allows, into records of
   * at most the peer's `max_record_size` (qmux-02 §"QMux Records"), or one frame
   * per message on the framings without records.
   */
  flush(): void {
    this.#queuedForFlush = false;
    if (this.#ended) return;
    const limit = this.#records
      ? Math.min(this.#peer.maxRecordSize, SCRATCH_BYTES)
      : MAX_FRAME_SIZE;
    let at = 0;
    const control = this.#control;
    for (let i = 0; i < control.length; i++) at = this.#put(control[i]!, at, limit);
    control.length = 0;
    const datagrams = this.#outDatagrams;
    // RFC 9221 §5: a congested sender may drop datagrams.
    if (!this.#congested)
      for (let i = 0; i < datagrams.length; i++) at = this.#put(datagrams[i]!, at, limit);
    datagrams.length = 0;
    if (this.#sendable && !this.#congested) {
      const streams = this.#scheduled;
      if (this.#blocked.size > 0) {
        for (const s of this.#blocked) if (!s.scheduled) streams.push(s);
        this.#blocked.clear();
      }
      if (streams.length > 1) streams.sort(bySendOrder);
      for (let i = 0; i < streams.length; i++) {
        const s = streams[i]!;
        s.scheduled = false;
        at = this.#frameStream(s, at, limit);
        if (s.hasWork) this.#blocked.add(s);
      }
      streams.length = 0;
    }
    if (at > 0) this.#send(at);
    if (!this.#congested && this.#socket.bufferedAmount > HIGH_WATER_BYTES) {
      this.#congested = true;
      setTimeout(this.#pollDrain, DRAIN_POLL_MS);
    }
  }

  /** Appends an encoded frame to the record at `at`, sending the record first when it is full. */
  #put(frame: Uint8Array, at: number, limit: number): number {
    if (at + frame.length > limit || !this.#records) at = this.#send(at);
    scratch.set(frame, at);
    return at + frame.length;
  }

  /** Frames stream `s`'s queued bytes and FIN into the scratch record from `at`; returns the new end. */
  #frameStream(s: QmuxSendStream, at: number, limit: number): number {
    const v = this.#version;
    if (s.failure !== undefined) return at; // reset while it waited: no data, no FIN
    for (;;) {
      const credit = Math.min(s.maxData - s.sent, this.#connMax - this.#connSent);
      let n = Math.min(s.queued, credit, MAX_STREAM_PAYLOAD);
      const fin = s.fin && !s.finSent && n === s.queued;
      if (n <= 0 && !fin) return at;
      let header = streamHeaderSize(v, s.id, s.sent, n);
      if (at + header + Math.min(n, 1) > limit || (!this.#records && at > 0)) at = this.#send(at);
      if (at + header + n > limit) {
        n = limit - at - header;
        header = streamHeaderSize(v, s.id, s.sent, n);
      }
      const last = fin && n === s.queued;
      at = putStreamHeader(scratch, at, v, s.id, s.sent, n, last);
      s.take(scratch, at, n);
      at += n;
      this.#connSent += n;
      this.#connQueued -= n;
      if (last) {
        s.finished();
        this.#sends.delete(s.id);
        this.#halfDone(s.id);
        return at;
      }
    }
  }

  /** Sends scratch bytes [0, end) as one message; returns 0 (the next record's start). */
  #send(end: number): number {
    if (end === 0) return 0;
    try {
      this.#socket.send(scratch.subarray(0, end));
    } catch (e) {
      this.#lost(`WebSocket send failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.#sentSinceTick = true; // the idle timer reads the clock, not every send
    return 0;
  }

  readonly #pollDrain = (): void => {
    if (this.#ended) return;
    if (this.#socket.bufferedAmount > HIGH_WATER_BYTES / 2) {
      setTimeout(this.#pollDrain, DRAIN_POLL_MS);
      return;
    }
    this.#congested = false;
    this.#queueFlush();
  };

  #queueFlush(): void {
    if (this.#queuedForFlush || this.#ended) return;
    this.#queuedForFlush = true;
    dirty.push(this);
    if (!flushQueued) {
      flushQueued = true;
      queueMicrotask(flushAll);
    }
  }

  #queueControl(frame: Uint8Array): void {
    this.#control.push(frame);
    this.#queueFlush();
  }

  #open(bidi: boolean): Promise<void> {
    if (this.#ended) return Promise.reject(this.#closedError());
    const kind = bidi ? "bidi" : "uni";
    if (this.#nextIndex[kind] < this.#peerMaxStreams[kind]) return Promise.resolve();
    // RFC 9000 §4.6: wait for MAX_STREAMS.
    return new Promise((open, fail) => this.#openWaiters.push({ bidi, open, fail }));
  }

  #wakeOpeners(): void {
    const waiting = this.#openWaiters;
    this.#openWaiters = [];
    const granted = { ...this.#nextIndex };
    for (const w of waiting) {
      const kind = w.bidi ? "bidi" : "uni";
      if (granted[kind] < this.#peerMaxStreams[kind]) {
        granted[kind]++;
        w.open();
      } else {
        this.#openWaiters.push(w);
      }
    }
  }

  #dropSend(s: QmuxSendStream, error: unknown): void {
    this.#connQueued -= s.queued;
    s.fail(error);
    this.#blocked.delete(s);
    if (this.#sends.delete(s.id)) this.#halfDone(s.id);
  }

  // --- Receiving ------------------------------------------------------------

  #onMessage(data: unknown): void {
    if (this.#ended) return;
    this.#lastRecvMs = performance.now();
    try {
      if (!(data instanceof ArrayBuffer)) {
        throw new QmuxError(QmuxErrorCode.PROTOCOL_VIOLATION, "QMux runs on binary messages only");
      }
      const bytes = new Uint8Array(data);
      const max = this.#records ? this.#ours.maxRecordSize : MAX_FRAME_SIZE;
      // qmux-02 §"max_record_size Transport Parameter": a larger record is a FRAME_ENCODING_ERROR.
      if (bytes.length > max) {
        throw new QmuxError(
          QmuxErrorCode.FRAME_ENCODING_ERROR,
          `record of ${bytes.length} bytes exceeds ${max}`,
        );
      }
      if (bytes.length === 0)
        throw new QmuxError(QmuxErrorCode.FRAME_ENCODING_ERROR, "empty record");
      const r = new WireReader(bytes);
      while (r.remaining > 0 && !this.#ended)
        this.#onFrame(decodeFrame(r, this.#version), r.frameType);
    } catch (e) {
      this.#fatal(e);
    }
  }

  #onFrame(f: Frame, frameType: number): void {
    if (f.type === "padding") return;
    if (this.#version === "qmux-02" && (f.type === "params") === this.#framesSeen) {
      // qmux-02 §"QX_TRANSPORT_PARAMETERS Frames": the first frame, and only the first.
      throw new QmuxError(
        QmuxErrorCode.PROTOCOL_VIOLATION,
        "QX_TRANSPORT_PARAMETERS must be the first frame and only the first",
        frameType,
      );
    }
    this.#framesSeen = true;
    switch (f.type) {
      case "params":
        this.#onParams(f.params, frameType);
        return;
      case "stream":
        this.#onStream(f.id, f.offset, f.data, f.fin, frameType);
        return;
      case "reset":
        this.#onReset(f.id, f.code, f.finalSize, frameType);
        return;
      case "stop":
        this.#onStop(f.id, f.code, frameType);
        return;
      case "max_data":
        if (f.max > this.#connMax) {
          this.#connMax = f.max;
          this.#queueFlush();
        }
        return;
      case "max_stream_data": {
        const s = this.#sendHalf(f.id, frameType);
        if (s !== undefined && f.max > s.maxData) {
          s.maxData = f.max;
          if (s.hasWork) this.#queueFlush();
        }
        return;
      }
      case "max_streams": {
        const kind = f.bidi ? "bidi" : "uni";
        if (f.max > this.#peerMaxStreams[kind]) {
          this.#peerMaxStreams[kind] = f.max;
          this.#wakeOpeners();
        }
        return;
      }
      case "blocked":
        return;
      case "close":
        this.#onPeerClose(f.application, f.code, f.reason);
        return;
      case "ping":
        this.#onPing(f.response, f.sequence, frameType);
        return;
      case "datagram":
        this.#onDatagram(f.data, f.frameBytes, frameType);
        return;
    }
  }

  #onParams(p: TransportParameters, frameType: number): void {
    if (this.#paramsSeen || this.#version === "webtransport") {
      throw new QmuxError(
        QmuxErrorCode.PROTOCOL_VIOLATION,
        "a second QX_TRANSPORT_PARAMETERS",
        frameType,
      );
    }
    this.#paramsSeen = true;
    this.#peer = p;
    this.#sendable = true;
    this.#connMax = p.initialMaxData;
    this.#peerMaxStreams = { bidi: p.initialMaxStreamsBidi, uni: p.initialMaxStreamsUni };
    // Only peer-opened bidirectional streams can exist before (ours wait for
    // MAX_STREAMS credit): their send limit is the peer's bidi_local.
    for (const s of this.#sends.values()) s.maxData = p.initialMaxStreamDataBidiLocal;
    this.#wakeOpeners();
    this.#queueFlush();
    this.#startIdleTimer();
  }

  #onStream(id: number, offset: number, data: Uint8Array, fin: boolean, frameType: number): void {
    const r = this.#recvHalf(id, frameType);
    if (r === undefined) return; // ended already: late data is dropped
    const legacy = this.#version === "webtransport";
    // qmux-02 §"Ordering of STREAM Frames": payload must follow on from the previous frame's.
    if (!legacy && offset !== r.received) {
      throw new QmuxError(
        QmuxErrorCode.PROTOCOL_VIOLATION,
        `stream ${id}: data at offset ${offset}, expected ${r.received}`,
        frameType,
      );
    }
    if (!legacy) this.#admit(r, r.received + data.length, frameType);
    r.push(data, fin);
    if (fin) this.#recvEnded(r);
  }

  /** RFC 9000 §4.1: data up to `end` of `r` within its limit and the connection's. */
  #admit(r: QmuxRecvStream, end: number, frameType: number): void {
    const more = end - r.received;
    if (end > r.maxData || this.#recvConnReceived + more > this.#recvConnMax) {
      throw new QmuxError(
        QmuxErrorCode.FLOW_CONTROL_ERROR,
        `stream ${r.id}: data beyond the flow-control limit`,
        frameType,
      );
    }
    this.#recvConnReceived += more;
  }

  #onReset(id: number, code: number, finalSize: number, frameType: number): void {
    const r = this.#recvHalf(id, frameType);
    if (r === undefined) return;
    if (this.#version !== "webtransport") {
      // A final size below what arrived is taken as what arrived: `@moq/qmux`
      // peers before qmux-03 send 0 there.
      const end = Math.max(finalSize, r.received);
      this.#admit(r, end, frameType);
      const gap = end - r.received;
      r.received = end;
      if (gap > 0) this.consumed(r, gap);
    }
    r.reset(code);
    this.#recvEnded(r);
  }

  #onStop(id: number, code: number, frameType: number): void {
    const s = this.#sendHalf(id, frameType);
    if (s === undefined) return;
    // RFC 9000 §3.5: answer STOP_SENDING with RESET_STREAM carrying its code.
    this.#queueControl(encodeReset(this.#version, id, code, s.sent));
    this.#dropSend(s, stoppedError(code));
  }

  #onPing(response: boolean, sequence: number, frameType: number): void {
    if (!response) {
      // qmux-02 §"QX_PING Frames": request sequence numbers strictly increase.
      if (this.#version === "qmux-02" && sequence <= this.#lastPingIn) {
        throw new QmuxError(
          QmuxErrorCode.PROTOCOL_VIOLATION,
          "QX_PING sequence did not increase",
          frameType,
        );
      }
      this.#lastPingIn = sequence;
      this.#queueControl(encodePing(true, sequence));
    } else if (this.#version === "qmux-02" && sequence >= this.#nextPingOut) {
      throw new QmuxError(
        QmuxErrorCode.PROTOCOL_VIOLATION,
        "QX_PING response to a ping never sent",
        frameType,
      );
    }
  }

  #onDatagram(data: Uint8Array, frameBytes: number, frameType: number): void {
    // RFC 9221 §3: a DATAGRAM not allowed by our max_datagram_frame_size is a PROTOCOL_VIOLATION.
    if (frameBytes > this.#ours.maxDatagramFrameSize) {
      throw new QmuxError(
        QmuxErrorCode.PROTOCOL_VIOLATION,
        "DATAGRAM larger than allowed",
        frameType,
      );
    }
    this.datagrams.push(data);
  }

  /** The receive half of `id`, opening a peer's stream; undefined when it already ended. */
  #recvHalf(id: number, frameType: number): QmuxRecvStream | undefined {
    const r = this.#recvs.get(id);
    if (r !== undefined) return r;
    if (id % 2 === 1) {
      // Ours: a unidirectional one is send-only, a bidirectional one must exist (RFC 9000 §19.8).
      if ((id & 2) !== 0 || streamIndex(id) >= this.#nextIndex.bidi) {
        throw streamStateError(`stream ${id} cannot receive from the peer`, frameType);
      }
      return undefined;
    }
    return this.#openPeer(id, frameType)?.recv;
  }

  /** The send half of `id`; undefined when it already ended. */
  #sendHalf(id: number, frameType: number): QmuxSendStream | undefined {
    const s = this.#sends.get(id);
    if (s !== undefined) return s;
    if (id % 2 === 0) {
      if ((id & 2) !== 0) throw streamStateError(`stream ${id} is receive-only`, frameType);
      return this.#openPeer(id, frameType)?.send;
    }
    const kind = (id & 2) !== 0 ? "uni" : "bidi";
    if (streamIndex(id) >= this.#nextIndex[kind]) {
      throw streamStateError(`stream ${id} was not opened`, frameType);
    }
    return undefined;
  }

  /**
   * Opens peer stream `id` on its first frame (RFC 9000 §3.2: lower ones of its
   * kind are implicitly opened and come when their frames do). STREAM_LIMIT_ERROR
   * past the MAX_STREAMS we declared; undefined for one that already ended.
   */
  #openPeer(
    id: number,
    frameType: number,
  ): { recv: QmuxRecvStream; send?: QmuxSendStream } | undefined {
    const bidi = (id & 2) === 0;
    const count = bidi ? this.#peerStreams.bidi : this.#peerStreams.uni;
    if (!count.open(streamIndex(id), id, frameType)) return undefined;
    const recv = new QmuxRecvStream(
      id,
      this,
      bidi ? this.#ours.initialMaxStreamDataBidiRemote : this.#ours.initialMaxStreamDataUni,
    );
    this.#recvs.set(id, recv);
    const slot: Slot = { halves: bidi ? 2 : 1, accepted: false, bidi };
    this.#slots.set(id, slot);
    const accepted = () => {
      slot.accepted = true;
      this.#maybeCredit(id, slot);
    };
    if (!bidi) {
      this.#incomingUni.push(recv.readable, accepted);
      return { recv };
    }
    const send = new QmuxSendStream(id, this, this.#peer.initialMaxStreamDataBidiLocal);
    this.#sends.set(id, send);
    this.#incomingBidi.push({ readable: recv.readable, writable: send }, accepted);
    return { recv, send };
  }

  #recvEnded(r: QmuxRecvStream): void {
    if (this.#recvs.delete(r.id)) this.#halfDone(r.id);
  }

  /** One half of peer stream `id` ended. */
  #halfDone(id: number): void {
    const slot = this.#slots.get(id);
    if (slot === undefined) return;
    slot.halves--;
    this.#maybeCredit(id, slot);
  }

  /** RFC 9000 §4.6: a peer stream taken by the application and ended frees its slot. */
  #maybeCredit(id: number, slot: Slot): void {
    if (slot.halves > 0 || !slot.accepted || this.#ended) return;
    this.#slots.delete(id);
    const max = (slot.bidi ? this.#peerStreams.bidi : this.#peerStreams.uni).ended();
    if (max !== undefined && this.#version !== "webtransport") {
      this.#queueControl(encodeMaxStreams(slot.bidi, max));
    }
  }

  // --- Datagrams ---------------------------------------------------------------

  /** qmux-02 §"Unreliable Datagram Extension": bounded by the peer's datagram and record limits. */
  #maxDatagramSize(): number {
    if (!this.#records || !this.#paramsSeen) return 0;
    const frame = Math.min(
      this.#peer.maxDatagramFrameSize,
      this.#peer.maxRecordSize,
      SCRATCH_BYTES,
    );
    return frame === 0 ? 0 : Math.max(0, frame - datagramOverhead(frame));
  }

  // --- Lifecycle ----------------------------------------------------------

  #start(): void {
    if (this.#ended) return;
    // qmux-02 §"QX_TRANSPORT_PARAMETERS Frames": the first frame, as soon as the transport is up.
    if (this.#version !== "webtransport") this.#queueControl(encodeParametersFrame(this.#ours));
    this.#settleReady();
  }

  /** qmux-02 §"Idle Timeout": the smaller non-zero max_idle_timeout; QX_PING keeps a quiet peer talking. */
  #startIdleTimer(): void {
    if (!this.#records) return;
    const a = this.#ours.maxIdleTimeoutMs;
    const b = this.#peer.maxIdleTimeoutMs;
    const timeoutMs = a === 0 ? b : b === 0 ? a : Math.min(a, b);
    if (timeoutMs === 0) return;
    this.#idleTimer = setInterval(
      () => {
        const now = performance.now();
        if (this.#sentSinceTick) {
          this.#sentSinceTick = false;
          this.#lastSendMs = now;
        }
        if (now - this.#lastRecvMs > timeoutMs) {
          this.#lost(`idle for ${timeoutMs} ms`);
        } else if (
          now - this.#lastSendMs > timeoutMs / 3 ||
          now - this.#lastRecvMs > timeoutMs / 3
        ) {
          this.#queueControl(encodePing(false, this.#nextPingOut++));
        }
      },
      Math.max(50, timeoutMs / 6),
    );
  }

  #onPeerClose(application: boolean, code: number, reason: string): void {
    if (application) {
      this.#end({ closeCode: code >>> 0, reason });
    } else {
      this.#end(
        new TransportError(
          TransportErrorCode.LOST,
          `the peer closed the QMux session: error ${code} ${reason}`,
        ),
      );
    }
    this.#closeSocket();
  }

  /** A QmuxError (or a bug) while reading: CONNECTION_CLOSE with its code, then the socket ends. */
  #fatal(e: unknown): void {
    const q =
      e instanceof QmuxError
        ? e
        : new QmuxError(QmuxErrorCode.INTERNAL_ERROR, e instanceof Error ? e.message : String(e));
    this.#terminate(
      encodeClose(this.#version, false, q.transportCode, q.message, q.frameType),
      new TransportError(TransportErrorCode.LOST, `QMux session closed: ${q.message}`, {
        cause: q,
      }),
    );
  }

  /** Sends what is queued, then `closeFrame`, then ends the session with `outcome`. */
  #terminate(closeFrame: Uint8Array, outcome: MoqCloseInfo | Error): void {
    this.flush();
    this.#control.push(closeFrame);
    this.flush();
    this.#end(outcome);
    this.#closeSocket();
  }

  #lost(why: string): void {
    if (this.#ended) return;
    this.#end(new TransportError(TransportErrorCode.LOST, why));
    this.#closeSocket();
  }

  #closeSocket(): void {
    try {
      this.#socket.close();
    } catch {
      // already closing
    }
  }

  #closedError(): TransportError {
    return new TransportError(TransportErrorCode.CLOSED, "the QMux session is closed");
  }

  /** Settles `ready`/`closed` and tears every stream down. */
  #end(outcome: MoqCloseInfo | Error): void {
    if (this.#ended) return;
    this.#ended = true;
    clearInterval(this.#idleTimer);
    this.#settleReady(outcome instanceof Error ? outcome : this.#closedError());
    this.#settleClosed(outcome);
    const gone = sessionGoneError();
    for (const s of this.#sends.values()) s.fail(gone);
    for (const r of this.#recvs.values()) r.fail(gone);
    this.#sends.clear();
    this.#recvs.clear();
    this.#slots.clear();
    this.#blocked.clear();
    this.#scheduled = [];
    this.#control = [];
    this.#outDatagrams = [];
    this.#incomingBidi.close(gone);
    this.#incomingUni.close(gone);
    this.datagrams.close();
    const closed = this.#closedError();
    for (const w of this.#openWaiters.splice(0)) w.fail(closed);
  }
}
