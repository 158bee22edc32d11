// The transport contract every layer above codes against. Shaped like the W3C
// WebTransport interface so a native `WebTransport` fits with a thin wrapper; the
// in-memory pair (memory.ts) and, later, the QMux/WebSocket adapter implement it too.

/** How a session ended: the application close code and reason phrase. */
export interface MoqCloseInfo {
  readonly closeCode: number;
  readonly reason: string;
}

/** Options for a locally opened stream. */
export interface MoqStreamOptions {
  /**
   * W3C `sendOrder`: streams with a higher value are sent first when the
   * connection is congested. Transports without prioritisation ignore it.
   */
  readonly sendOrder?: number;
}

/**
 * The sending half of a stream. `close()` ends it with a FIN; `abort(reason)`
 * resets it (RESET_STREAM) with the code `streamErrorCodeOf(reason)`, 0 when none.
 * `sendOrder` is present when the transport supports prioritisation; setting it
 * reprioritises the stream.
 */
export interface MoqSendStream extends WritableStream<Uint8Array> {
  sendOrder?: number;
}

/**
 * The receiving half of a stream. It closes on FIN and errors on a reset (the
 * error carries `streamErrorCode`); `cancel(reason)` asks the peer to stop
 * sending (STOP_SENDING) with the code `streamErrorCodeOf(reason)`.
 */
export type MoqReceiveStream = ReadableStream<Uint8Array>;

/** Both halves of a bidirectional stream. */
export interface MoqBidirectionalStream {
  readonly readable: MoqReceiveStream;
  readonly writable: MoqSendStream;
}

/** Unreliable datagrams; a datagram over `maxDatagramSize` bytes is dropped silently. */
export interface MoqDatagrams {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  readonly maxDatagramSize: number;
}

/**
 * A multiplexed, secure session: W3C WebTransport's shape, narrowed to what
 * MoQT needs. `closed` resolves with the close code and reason when either side
 * closes the session, and rejects with a `TransportError` when the connection
 * is lost without a close.
 */
export interface MoqTransport {
  /** Resolves when the session is established. */
  readonly ready: Promise<void>;
  readonly closed: Promise<MoqCloseInfo>;
  /**
   * The protocol the transport negotiated (WebTransport `wt-protocol`, or the
   * ALPN of a raw connection); "" when none was negotiated.
   */
  readonly protocol: string;
  /** Closes the session with a code and reason; every open stream errors. Idempotent. */
  close(info?: Partial<MoqCloseInfo>): void;
  createBidirectionalStream(options?: MoqStreamOptions): Promise<MoqBidirectionalStream>;
  createUnidirectionalStream(options?: MoqStreamOptions): Promise<MoqSendStream>;
  readonly incomingBidirectionalStreams: ReadableStream<MoqBidirectionalStream>;
  readonly incomingUnidirectionalStreams: ReadableStream<MoqReceiveStream>;
  readonly datagrams: MoqDatagrams;
}
