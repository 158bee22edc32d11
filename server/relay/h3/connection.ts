import { decodeDatagram } from "./datagram.ts";
import { H3Error } from "./errors.ts";
import { encodeFrame, FrameType, UniStreamType } from "./frame.ts";
import { type PendingStream, PendingStreams, refuse } from "./pending-streams.ts";
import { decodeFieldSection, encodeFieldSection, type FieldLine } from "./qpack.ts";
import { parseRequest, type WebTransportRequest } from "./request.ts";
import {
  WebTransportSession as Session,
  type SessionLimits,
  type WebTransportSession,
} from "./session.ts";
import {
  decodeSettings,
  encodeSettingsFrame,
  type Settings,
  webTransportServerSettings,
} from "./settings.ts";
import { StreamReader } from "./stream-reader.ts";
import { serializeString } from "./structured-field.ts";

/** The server's answer to one WebTransport request. */
export interface RequestDecision {
  /** HTTP status; 2xx accepts the session. */
  readonly status: number;
  /** Chosen `wt-protocol`, one of `request.protocols`. */
  readonly protocol?: string | undefined;
  /** Extra response header fields (lowercase names). */
  readonly headers?: readonly FieldLine[];
}

/** What a connection needs from its server. */
export interface ConnectionHooks {
  readonly limits: SessionLimits;
  /** Decides the status and protocol for a WebTransport request. */
  decide(request: WebTransportRequest): Promise<RequestDecision>;
  /** Called for each accepted session. */
  onSession(session: WebTransportSession): void;
  /** Called for unexpected failures (not for normal closes). */
  onError(error: unknown): void;
  /** Close the QUIC connection this long after its last session ends (0 = never). */
  readonly lingerMs: number;
}

/** Largest request HEADERS frame read. */
const MAX_HEADERS_FRAME = 16_384;
/** Largest number of WebTransport streams buffered before their session exists. */
const MAX_PENDING_STREAMS = 64;
/** How long a stream may wait for its session. */
const PENDING_STREAM_TIMEOUT_MS = 5_000;
/** How long a CONNECT request waits for the client's SETTINGS (draft §3.1). */
const SETTINGS_TIMEOUT_MS = 5_000;

/** Whether a stream id is client-initiated bidirectional (RFC 9000 §2.1), as session ids must be. */
function isClientBidi(id: number): boolean {
  return id % 4 === 0;
}

/**
 * HTTP/3 on one accepted QUIC connection: control streams and SETTINGS,
 * extended CONNECT requests, and routing of WebTransport streams and
 * datagrams to their sessions.
 */
export class H3Connection {
  /** Open sessions by session id. */
  readonly sessions = new Map<number, WebTransportSession>();
  /** The client's SETTINGS, once received. */
  peerSettings: Settings | undefined;

  readonly #conn: Deno.QuicConn;
  readonly #hooks: ConnectionHooks;
  readonly #peerSettingsReady: Promise<Settings | undefined>;
  #resolvePeerSettings!: (settings: Settings | undefined) => void;
  readonly #closedSessionIds = new Set<number>();
  readonly #pending = new PendingStreams(MAX_PENDING_STREAMS, PENDING_STREAM_TIMEOUT_MS);
  #controlWriter: WritableStreamDefaultWriter<Uint8Array> | undefined;
  #lingerTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(conn: Deno.QuicConn, hooks: ConnectionHooks) {
    this.#conn = conn;
    this.#hooks = hooks;
    this.#peerSettingsReady = new Promise((resolve) => (this.#resolvePeerSettings = resolve));
    void this.#openControlStream();
    void this.#acceptUniStreams();
    void this.#acceptBidiStreams();
    void this.#readDatagrams();
    conn.closed.then(
      (info) => this.#onConnectionClosed(info),
      (error) => this.#onConnectionClosed({ closeCode: 0, reason: String(error) }),
    );
  }

  /** Closes the QUIC connection (CONNECTION_CLOSE with an HTTP/3 error code). */
  close(closeCode: number = H3Error.NO_ERROR, reason = ""): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close({ closeCode, reason });
    } catch {
      // already closed
    }
  }

  /** RFC 9114 §6.2.1: our control stream, SETTINGS first; never closed. */
  async #openControlStream(): Promise<void> {
    try {
      const stream = await this.#conn.createUnidirectionalStream();
      this.#controlWriter = stream.getWriter();
      const settings = encodeSettingsFrame(webTransportServerSettings());
      await this.#controlWriter.write(Uint8Array.of(UniStreamType.CONTROL, ...settings));
    } catch (error) {
      if (!this.#closed) this.#hooks.onError(error);
    }
  }

  async #acceptUniStreams(): Promise<void> {
    try {
      for await (const stream of this.#conn.incomingUnidirectionalStreams) {
        void this.#handleUniStream(new StreamReader(stream));
      }
    } catch {
      // connection closed
    }
  }

  async #acceptBidiStreams(): Promise<void> {
    try {
      for await (const stream of this.#conn.incomingBidirectionalStreams) {
        void this.#handleBidiStream(stream);
      }
    } catch {
      // connection closed
    }
  }

  async #readDatagrams(): Promise<void> {
    try {
      for (;;) {
        const datagram = decodeDatagram(await this.#conn.readDatagram());
        if (!datagram) continue;
        // RFC 9297 §2.1: unknown or closed sessions' datagrams are dropped
        this.sessions.get(datagram.sessionId)?.acceptDatagram(datagram.payload);
      }
    } catch {
      // connection closed
    }
  }

  async #handleUniStream(reader: StreamReader): Promise<void> {
    try {
      const type = await reader.varint(); // RFC 9114 §6.2 Stream Type (i)
      if (type === undefined) return;
      switch (type) {
        case UniStreamType.CONTROL:
          return await this.#readControlStream(reader);
        case UniStreamType.QPACK_ENCODER:
        case UniStreamType.QPACK_DECODER:
          // RFC 9204 §4.2: with capacity 0 there is nothing to act on; keep draining
          return await this.#drain(reader);
        case UniStreamType.WEBTRANSPORT: {
          const sessionId = await reader.varint(); // draft §4.2 Session ID (i)
          if (sessionId === undefined) return;
          return this.#route(sessionId, { kind: "uni", reader });
        }
        default:
          // RFC 9114 §6.2: unknown stream types (and push) are not read
          await reader.cancel();
      }
    } catch (error) {
      if (!this.#closed) this.#hooks.onError(error);
      await reader.cancel();
    }
  }

  async #drain(reader: StreamReader): Promise<void> {
    const rest = reader.remainder().getReader();
    while (!(await rest.read()).done) {
      // discard
    }
  }

  async #readControlStream(reader: StreamReader): Promise<void> {
    const first = await reader.frame(MAX_HEADERS_FRAME);
    if (!first || first.type !== FrameType.SETTINGS) {
      return this.close(H3Error.MISSING_SETTINGS, "first control frame must be SETTINGS"); // RFC 9114 §6.2.1
    }
    try {
      this.peerSettings = decodeSettings(first.payload);
    } catch {
      return this.close(H3Error.SETTINGS_ERROR, "bad SETTINGS");
    }
    this.#resolvePeerSettings(this.peerSettings);
    for (;;) {
      const frame = await reader.frame(MAX_HEADERS_FRAME);
      if (!frame) {
        return this.close(H3Error.CLOSED_CRITICAL_STREAM, "control stream closed"); // RFC 9114 §6.2.1
      }
      if (frame.type === FrameType.SETTINGS) {
        return this.close(H3Error.FRAME_UNEXPECTED, "second SETTINGS"); // RFC 9114 §7.2.4
      }
      // GOAWAY, MAX_PUSH_ID, PRIORITY_UPDATE and unknown frames need no action here
    }
  }

  async #handleBidiStream(stream: Deno.QuicBidirectionalStream): Promise<void> {
    const reader = new StreamReader(stream.readable);
    try {
      // Throws BadResource when the connection closed before the stream was handed over.
      const streamId = Number(stream.readable.id);
      for (;;) {
        const type = await reader.varint(); // RFC 9114 §7.1 Type, or the WT_STREAM signal
        if (type === undefined) return;
        if (type === FrameType.WT_STREAM) {
          const sessionId = await reader.varint(); // draft §4.3 Session ID (i)
          if (sessionId === undefined) return;
          return this.#route(sessionId, { kind: "bidi", reader, writable: stream.writable });
        }
        const length = await reader.varint(); // RFC 9114 §7.1 Length
        if (length === undefined) return;
        if (type === FrameType.HEADERS) {
          if (length > MAX_HEADERS_FRAME)
            return this.close(H3Error.EXCESSIVE_LOAD, "HEADERS too large");
          const fields = decodeFieldSection(await reader.bytes(length));
          return await this.#handleRequest(streamId, fields, reader, stream.writable);
        }
        if (type === FrameType.DATA) {
          return this.close(H3Error.FRAME_UNEXPECTED, "DATA before HEADERS"); // RFC 9114 §4.1
        }
        await reader.bytes(length); // RFC 9114 §9: skip unknown frame types
      }
    } catch (error) {
      if (!this.#closed) this.#hooks.onError(error);
      await reader.cancel();
      stream.writable.close().catch(() => {});
    }
  }

  async #handleRequest(
    streamId: number,
    fields: readonly FieldLine[],
    reader: StreamReader,
    writable: Deno.QuicSendStream,
  ): Promise<void> {
    const writer = writable.getWriter();
    const respond = async (status: number, extra: readonly FieldLine[] = []) => {
      const block = encodeFieldSection([[":status", String(status)], ...extra]);
      await writer.write(encodeFrame(FrameType.HEADERS, block)); // RFC 9114 §4.1 response HEADERS
    };
    const reject = async (status: number) => {
      await respond(status).catch(() => {});
      writer.close().catch(() => {});
      this.#pending.drop(streamId);
      this.#closedSessionIds.add(streamId);
      await reader.cancel();
    };
    const parsed = parseRequest(fields, this.#conn.remoteAddr);
    if (parsed.kind !== "webtransport") return await reject(parsed.status);
    const request = parsed.request;
    // draft §3.1: do not process WebTransport requests before the client's SETTINGS
    const settingsTimer = setTimeout(
      () => this.#resolvePeerSettings(undefined),
      SETTINGS_TIMEOUT_MS,
    );
    const settings = await this.#peerSettingsReady;
    clearTimeout(settingsTimer);
    if (!settings) return await reject(400);

    let decision: RequestDecision;
    try {
      decision = await this.#hooks.decide(request);
    } catch (error) {
      this.#hooks.onError(error);
      return await reject(500);
    }
    if (decision.status < 200 || decision.status > 299) return await reject(decision.status);
    if (decision.protocol !== undefined && !request.protocols.includes(decision.protocol)) {
      this.#hooks.onError(new Error(`protocol ${decision.protocol} was not offered`));
      return await reject(500);
    }
    if (this.#closed) return;

    const extra: FieldLine[] = [];
    if (request.draft02) extra.push(["sec-webtransport-http3-draft", "draft02"]); // draft-02 §3.3
    if (decision.protocol !== undefined) {
      extra.push(["wt-protocol", serializeString(decision.protocol)]); // draft §3.3 WT-Protocol
    }
    extra.push(...(decision.headers ?? []));
    await respond(decision.status, extra);

    const session = new Session({
      id: streamId,
      request,
      protocol: decision.protocol ?? "",
      conn: this.#conn,
      connectReader: reader,
      connectWriter: writer,
      limits: this.#hooks.limits,
      onClosed: (closed) => this.#sessionClosed(closed),
    });
    this.sessions.set(streamId, session);
    if (this.#lingerTimer !== undefined) clearTimeout(this.#lingerTimer);
    this.#lingerTimer = undefined;
    this.#hooks.onSession(session);
    for (const pending of this.#pending.take(streamId)) this.#deliver(session, pending);
  }

  /** Sends a stream to its session, or buffers it until the session exists (draft §4.6). */
  #route(sessionId: number, stream: PendingStream): void {
    if (!isClientBidi(sessionId)) {
      this.close(H3Error.ID_ERROR, "session id is not a client bidirectional stream"); // draft §4
      return;
    }
    const session = this.sessions.get(sessionId);
    if (session) {
      this.#deliver(session, stream);
      return;
    }
    if (this.#closedSessionIds.has(sessionId) || !this.#pending.add(sessionId, stream)) {
      refuse(stream);
    }
  }

  #deliver(session: WebTransportSession, stream: PendingStream): void {
    if (stream.kind === "uni") session.acceptUnidirectional(stream.reader);
    else session.acceptBidirectional(stream.reader, stream.writable);
  }

  #sessionClosed(session: WebTransportSession): void {
    this.sessions.delete(session.id);
    this.#closedSessionIds.add(session.id);
    if (this.sessions.size > 0 || this.#hooks.lingerMs <= 0 || this.#closed) return;
    if (this.#lingerTimer !== undefined) clearTimeout(this.#lingerTimer);
    const timer = setTimeout(() => {
      if (this.sessions.size === 0) this.close(H3Error.NO_ERROR, "");
    }, this.#hooks.lingerMs);
    Deno.unrefTimer(timer);
    this.#lingerTimer = timer;
  }

  #onConnectionClosed(info: Deno.QuicCloseInfo): void {
    this.#closed = true;
    if (this.#lingerTimer !== undefined) clearTimeout(this.#lingerTimer);
    for (const session of [...this.sessions.values()]) session.connectionClosed(info);
    this.#pending.dropAll();
    this.#resolvePeerSettings(undefined);
  }
}
