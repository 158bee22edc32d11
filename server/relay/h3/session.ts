import {
  CapsuleType,
  type CloseSessionInfo,
  decodeCapsule,
  decodeCloseSession,
  encodeCloseSession,
} from "./capsule.ts";
import { DatagramDuplex, type WebTransportDatagrams } from "./datagram-duplex.ts";
import { SessionClosedError } from "./errors.ts";
import { encodeFrame, FrameType } from "./frame.ts";
import { OpenQueue } from "./open-queue.ts";
import { concatBytes } from "./reader.ts";
import type { WebTransportRequest } from "./request.ts";
import { WebTransportSendStream } from "./send-stream.ts";
import { encodeBidiStreamHeader, encodeUniStreamHeader } from "./stream-header.ts";
import { StreamReader } from "./stream-reader.ts";

/** Close code and reason of a session (W3C WebTransportCloseInfo). */
export interface WebTransportCloseInfo {
  readonly closeCode: number;
  readonly reason: string;
}

/** How a session ended, as resolved by {@link WebTransportSession.closed}. */
export interface SessionCloseInfo extends WebTransportCloseInfo {
  /** Who ended it: this server or the peer (including a lost connection). */
  readonly initiator: "local" | "remote";
  /** False when the session ended without a close capsule or FIN (reset, connection loss). */
  readonly clean: boolean;
}

/** A bidirectional WebTransport stream. */
export interface WebTransportBidirectionalStream {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WebTransportSendStream;
}

/** Options for opening an outgoing stream. */
export interface StreamOpenOptions {
  /** Send priority relative to other streams (higher first). */
  readonly sendOrder?: number;
}

/** Settings for one session, fixed by the server. */
export interface SessionLimits {
  /** Outgoing unidirectional streams open at once; later opens queue. */
  readonly maxOpenUnidirectionalStreams: number;
  /** Incoming datagrams buffered before the oldest is dropped. */
  readonly datagramQueueSize: number;
}

/**
 * How long a local close waits before sending WT_CLOSE_SESSION: longer than the
 * default QUIC max_ack_delay (25 ms, RFC 9000 §18.2), so that our pending ACKs of
 * the peer's stream frames leave in an earlier packet than the capsule.
 */
const CLOSE_AFTER_ACK_DELAY_MS = 40;

/** Largest DATA frame accepted on a CONNECT stream. */
const MAX_CONNECT_FRAME = 65_536;

interface Terminable {
  terminate(reason: unknown): void;
}

/**
 * One accepted WebTransport session over HTTP/3, shaped like the W3C
 * `WebTransport` object. `closed` always resolves (never rejects) with how
 * the session ended.
 */
export class WebTransportSession {
  /** Session ID: the CONNECT stream's id (draft-ietf-webtrans-http3 §4). */
  readonly id: number;
  /** The extended CONNECT request that opened the session. */
  readonly request: WebTransportRequest;
  /** Negotiated application protocol (`wt-protocol`), or "" if none. */
  readonly protocol: string;
  /** Resolves once the session has ended. */
  readonly closed: Promise<SessionCloseInfo>;
  /** Resolves when the peer asks to wind the session down (WT_DRAIN_SESSION). */
  readonly draining: Promise<void>;
  /** Streams the peer opened, after their 0x41 header. */
  readonly incomingBidirectionalStreams: ReadableStream<WebTransportBidirectionalStream>;
  /** Streams the peer opened, after their 0x54 header. */
  readonly incomingUnidirectionalStreams: ReadableStream<ReadableStream<Uint8Array>>;
  /** Datagrams with the quarter-stream-id prefix handled. */
  readonly datagrams: WebTransportDatagrams;

  readonly #conn: Deno.QuicConn;
  readonly #connectReader: StreamReader;
  readonly #connectWriter: WritableStreamDefaultWriter<Uint8Array>;
  readonly #openQueue: OpenQueue;
  /** Stream headers, the same for every stream of the session (draft §4.2, §4.3). */
  readonly #uniHeader: Uint8Array;
  readonly #bidiHeader: Uint8Array;
  readonly #streams = new Set<Terminable>();
  readonly #datagrams: DatagramDuplex;
  #bidiController!: ReadableStreamDefaultController<WebTransportBidirectionalStream>;
  #uniController!: ReadableStreamDefaultController<ReadableStream<Uint8Array>>;
  #resolveClosed!: (info: SessionCloseInfo) => void;
  #resolveDraining!: () => void;
  #closeInfo: SessionCloseInfo | undefined;
  #onClosed: (session: WebTransportSession) => void;

  /** @internal Created by the connection once the CONNECT request is accepted. */
  constructor(init: {
    id: number;
    request: WebTransportRequest;
    protocol: string;
    conn: Deno.QuicConn;
    connectReader: StreamReader;
    connectWriter: WritableStreamDefaultWriter<Uint8Array>;
    limits: SessionLimits;
    onClosed: (session: WebTransportSession) => void;
  }) {
    this.id = init.id;
    this.request = init.request;
    this.protocol = init.protocol;
    this.#conn = init.conn;
    this.#connectReader = init.connectReader;
    this.#connectWriter = init.connectWriter;
    this.#openQueue = new OpenQueue(init.limits.maxOpenUnidirectionalStreams);
    this.#uniHeader = encodeUniStreamHeader(init.id);
    this.#bidiHeader = encodeBidiStreamHeader(init.id);
    this.#onClosed = init.onClosed;
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    this.draining = new Promise((resolve) => (this.#resolveDraining = resolve));
    this.incomingBidirectionalStreams = new ReadableStream({
      start: (controller) => {
        this.#bidiController = controller;
      },
    });
    this.incomingUnidirectionalStreams = new ReadableStream({
      start: (controller) => {
        this.#uniController = controller;
      },
    });
    this.#datagrams = new DatagramDuplex(init.conn, init.id, init.limits.datagramQueueSize);
    this.datagrams = this.#datagrams;
    void this.#readCapsules();
  }

  /** Whether the session has ended. */
  get isClosed(): boolean {
    return this.#closeInfo !== undefined;
  }

  /** Outgoing unidirectional streams waiting for a free slot. */
  get queuedUnidirectionalStreams(): number {
    return this.#openQueue.queued;
  }

  /** Opens a bidirectional stream and writes its 0x41 header. */
  async createBidirectionalStream(
    options: StreamOpenOptions = {},
  ): Promise<WebTransportBidirectionalStream> {
    this.#assertOpen();
    const quic = await this.#conn.createBidirectionalStream({
      waitUntilAvailable: true,
      sendOrder: options.sendOrder ?? 0,
    });
    if (this.#closeInfo) {
      quic.writable.close().catch(() => {});
      throw new SessionClosedError();
    }
    const writable = this.#track(
      new WebTransportSendStream(quic.writable, this.#bidiHeader, () =>
        this.#streams.delete(writable),
      ),
    );
    const reader = new StreamReader(quic.readable);
    const readable = reader.remainder(() => this.#streams.delete(reader));
    this.#track(reader);
    return { readable, writable };
  }

  /**
   * Opens a unidirectional stream and writes its 0x54 header. Opens beyond
   * the session's open-stream limit wait in FIFO order.
   */
  async createUnidirectionalStream(
    options: StreamOpenOptions = {},
  ): Promise<WebTransportSendStream> {
    this.#assertOpen();
    // A free slot is taken without a turn of its own (the relay opens a stream per Group and subscriber).
    const release = this.#openQueue.tryAcquire() ?? (await this.#openQueue.acquire());
    try {
      const quic = await this.#conn.createUnidirectionalStream({
        waitUntilAvailable: true,
        sendOrder: options.sendOrder ?? 0,
      });
      if (this.#closeInfo) {
        quic.close().catch(() => {});
        throw new SessionClosedError();
      }
      const stream: WebTransportSendStream = this.#track(
        new WebTransportSendStream(quic, this.#uniHeader, () => {
          this.#streams.delete(stream);
          release();
        }),
      );
      return stream;
    } catch (error) {
      release();
      throw error;
    }
  }

  /**
   * Closes the session: sends WT_CLOSE_SESSION with the code and reason
   * (reason truncated to 1024 bytes) and a FIN on the CONNECT stream.
   */
  close(info: Partial<WebTransportCloseInfo> = {}): void {
    if (this.#closeInfo) return;
    const closeCode = info.closeCode ?? 0;
    const reason = info.reason ?? "";
    const capsule = encodeFrame(FrameType.DATA, encodeCloseSession({ closeCode, reason }));
    this.#finish({ closeCode, reason, initiator: "local", clean: true }, false);
    // The capsule and FIN go out one peer ACK delay later, never in the same flight as
    // our ACK of the peer's last stream frames: Chromium 156's renderer crashes when a
    // WT_CLOSE_SESSION arrives together with the ACK that completes a stream it is
    // closing (writer.close() pending). No STOP_SENDING on the CONNECT stream either:
    // it is optional (draft §6) and the peer FINs or resets it in response to the capsule.
    const timer = setTimeout(() => {
      this.#connectWriter.write(capsule).catch(() => {});
      this.#connectWriter.close().catch(() => {}); // FIN on the CONNECT stream (draft §6)
    }, CLOSE_AFTER_ACK_DELAY_MS);
    Deno.unrefTimer(timer);
  }

  /** @internal A peer-opened unidirectional stream whose header named this session. */
  acceptUnidirectional(reader: StreamReader): void {
    if (this.#closeInfo) {
      reader.terminate(new SessionClosedError());
      return;
    }
    this.#track(reader);
    this.#uniController.enqueue(reader.remainder(() => this.#streams.delete(reader)));
  }

  /** @internal A peer-opened bidirectional stream whose header named this session. */
  acceptBidirectional(reader: StreamReader, writable: Deno.QuicSendStream): void {
    const send: WebTransportSendStream = new WebTransportSendStream(writable, undefined, () =>
      this.#streams.delete(send),
    );
    if (this.#closeInfo) {
      reader.terminate(new SessionClosedError());
      send.terminate(new SessionClosedError());
      return;
    }
    this.#track(reader);
    this.#track(send);
    const readable = reader.remainder(() => this.#streams.delete(reader));
    this.#bidiController.enqueue({ readable, writable: send });
  }

  /** @internal A datagram whose quarter stream id named this session. */
  acceptDatagram(payload: Uint8Array): void {
    this.#datagrams.push(payload);
  }

  /** @internal The QUIC connection is gone. */
  connectionClosed(info: WebTransportCloseInfo): void {
    this.#finish({ ...info, initiator: "remote", clean: false });
  }

  #track<T extends Terminable>(stream: T): T {
    this.#streams.add(stream);
    return stream;
  }

  #assertOpen(): void {
    if (this.#closeInfo) throw new SessionClosedError();
  }

  /** Reads capsules from the CONNECT stream's DATA frames (RFC 9297 §3.3). */
  async #readCapsules(): Promise<void> {
    let buffer: Uint8Array = new Uint8Array(0);
    try {
      for (;;) {
        const frame = await this.#connectReader.frame(MAX_CONNECT_FRAME);
        if (this.#closeInfo) return;
        if (!frame) {
          // CONNECT stream FIN without capsule = close with code 0 (draft §6)
          this.#finish({ closeCode: 0, reason: "", initiator: "remote", clean: true });
          return;
        }
        if (frame.type !== FrameType.DATA) continue; // unknown frames are ignored (RFC 9114 §9)
        buffer = buffer.length ? concatBytes([buffer, frame.payload]) : frame.payload;
        let offset = 0;
        for (;;) {
          const decoded = decodeCapsule(buffer, offset);
          if (!decoded) break;
          offset += decoded[1];
          if (this.#handleCapsule(decoded[0].type, decoded[0].value)) return;
        }
        buffer = buffer.subarray(offset);
        if (buffer.length > MAX_CONNECT_FRAME) throw new Error("capsule too large");
      }
    } catch (error) {
      if (this.#closeInfo) return;
      this.#finish({
        closeCode: 0,
        reason: error instanceof Error ? error.message : String(error),
        initiator: "remote",
        clean: false,
      });
    }
  }

  /** Handles one capsule; returns true when the session ended. */
  #handleCapsule(type: number, value: Uint8Array): boolean {
    if (type === CapsuleType.CLOSE_WEBTRANSPORT_SESSION) {
      let info: CloseSessionInfo;
      try {
        info = decodeCloseSession(value);
      } catch {
        info = { closeCode: 0, reason: "" }; // malformed message: still a close
      }
      this.#finish({ ...info, initiator: "remote", clean: true });
      void this.#connectReader.cancel();
      return true;
    }
    if (type === CapsuleType.DRAIN_WEBTRANSPORT_SESSION) this.#resolveDraining();
    return false; // unknown capsules are skipped (RFC 9297 §3.2)
  }

  /** `finConnect` false: the caller writes the close capsule and the CONNECT stream's FIN itself. */
  #finish(info: SessionCloseInfo, finConnect = true): void {
    if (this.#closeInfo) return;
    this.#closeInfo = info;
    const gone = new SessionClosedError();
    for (const stream of [...this.#streams]) stream.terminate(gone);
    this.#streams.clear();
    this.#openQueue.close(gone);
    for (const controller of [this.#bidiController, this.#uniController]) {
      try {
        controller.close();
      } catch {
        // already closed or errored
      }
    }
    this.#datagrams.close();
    if (finConnect) this.#connectWriter.close().catch(() => {}); // FIN on the CONNECT stream (draft §6)
    this.#resolveClosed(info);
    this.#onClosed(this);
  }
}
