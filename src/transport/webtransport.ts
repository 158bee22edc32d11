import { TransportError, TransportErrorCode } from "./errors.ts";
import { StreamOpenRetry } from "./stream-open-retry.ts";
import type {
  MoqBidirectionalStream,
  MoqCloseInfo,
  MoqReceiveStream,
  MoqSendStream,
  MoqTransport,
} from "./types.ts";

/** Options of `connectWebTransport`. */
export interface WebTransportConnectOptions {
  /**
   * WebTransport protocols to offer (`WT-Available-Protocols`), preferred first;
   * the server picks one and `MoqTransport.protocol` reports it.
   */
  readonly protocols?: readonly string[];
  /**
   * SHA-256 digests of self-signed server certificates to accept, as bytes or as
   * hex (colons and spaces allowed). Chromium needs an ECDSA P-256 certificate
   * valid for less than 14 days.
   */
  readonly serverCertificateHashes?: readonly (BufferSource | string)[];
  readonly congestionControl?: "default" | "throughput" | "low-latency";
  readonly requireUnreliable?: boolean;
  /** Abandons the handshake: the session is closed and the call rejects (CONNECT_FAILED). */
  readonly signal?: AbortSignal;
}

/** The parts of the native object this adapter uses; `protocol` is newer than the DOM typings. */
export interface NativeWebTransport {
  readonly ready: Promise<void>;
  readonly closed: Promise<{ closeCode?: number; reason?: string }>;
  readonly protocol?: string;
  close(info?: { closeCode?: number; reason?: string }): void;
  createBidirectionalStream(options?: { sendOrder?: number }): Promise<{
    readable: ReadableStream;
    writable: WritableStream;
  }>;
  createUnidirectionalStream(options?: { sendOrder?: number }): Promise<WritableStream>;
  readonly incomingBidirectionalStreams: ReadableStream;
  readonly incomingUnidirectionalStreams: ReadableStream;
  readonly datagrams: {
    readonly readable: ReadableStream;
    readonly writable: WritableStream;
    readonly maxDatagramSize: number;
  };
}

interface NativeOptions {
  protocols?: string[];
  serverCertificateHashes?: { algorithm: string; value: BufferSource }[];
  congestionControl?: string;
  requireUnreliable?: boolean;
}

type NativeCtor = new (url: string, options?: NativeOptions) => NativeWebTransport;

/** Parses a hex digest such as "ab:cd:..." or "abcd..." into bytes. */
export function parseHexDigest(hex: string): Uint8Array<ArrayBuffer> {
  const clean = hex.replace(/[\s:]/g, "");
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) {
    throw new TransportError(
      TransportErrorCode.CONNECT_FAILED,
      `invalid certificate hash "${hex}"`,
    );
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function nativeOptions(o: WebTransportConnectOptions): NativeOptions {
  const out: NativeOptions = {};
  if (o.protocols !== undefined) out.protocols = [...o.protocols];
  if (o.serverCertificateHashes !== undefined) {
    out.serverCertificateHashes = o.serverCertificateHashes.map((h) => ({
      algorithm: "sha-256",
      value: typeof h === "string" ? parseHexDigest(h) : h,
    }));
  }
  if (o.congestionControl !== undefined) out.congestionControl = o.congestionControl;
  if (o.requireUnreliable !== undefined) out.requireUnreliable = o.requireUnreliable;
  return out;
}

/** Translates whatever the runtime rejected with into a `TransportError` (the boundary rule). */
function translate(code: TransportErrorCode, e: unknown): TransportError {
  if (e instanceof TransportError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new TransportError(code, message, { cause: e });
}

/** Wraps an established (or establishing) native WebTransport as a `MoqTransport`. */
export function fromWebTransport(wt: NativeWebTransport): MoqTransport {
  const closed = wt.closed.then(
    (i): MoqCloseInfo => ({ closeCode: i.closeCode ?? 0, reason: i.reason ?? "" }),
    (e: unknown) => {
      throw translate(TransportErrorCode.LOST, e);
    },
  );
  const ready = wt.ready.catch((e: unknown) => {
    throw translate(TransportErrorCode.CONNECT_FAILED, e);
  });
  let ended = false;
  const end = () => {
    ended = true;
  };
  // Whoever cares awaits them; an unobserved failure must not be an unhandled rejection.
  closed.then(end, end);
  ready.catch(end);
  // Opens refused for want of stream credit are retried (stream-open-retry.ts).
  const uni = new StreamOpenRetry(
    (options: { sendOrder?: number } | undefined) =>
      wt.createUnidirectionalStream(options) as Promise<MoqSendStream>,
    () => ended,
  );
  return {
    ready,
    closed,
    get protocol() {
      return wt.protocol ?? "";
    },
    close: (info) => wt.close(info),
    createBidirectionalStream: (options) =>
      wt.createBidirectionalStream(options) as Promise<MoqBidirectionalStream>,
    createUnidirectionalStream: (options) => uni.create(options),
    incomingBidirectionalStreams:
      wt.incomingBidirectionalStreams as ReadableStream<MoqBidirectionalStream>,
    incomingUnidirectionalStreams:
      wt.incomingUnidirectionalStreams as ReadableStream<MoqReceiveStream>,
    datagrams: wt.datagrams as MoqTransport["datagrams"],
  };
}

/**
 * Opens a native WebTransport session to `url` and resolves once it is ready.
 * Rejects with a `TransportError` (UNSUPPORTED where the runtime has no
 * WebTransport, CONNECT_FAILED when the handshake fails).
 */
export async function connectWebTransport(
  url: string | URL,
  options: WebTransportConnectOptions = {},
): Promise<MoqTransport> {
  const Native = (globalThis as { WebTransport?: NativeCtor }).WebTransport;
  if (Native === undefined) {
    throw new TransportError(TransportErrorCode.UNSUPPORTED, "WebTransport is not available");
  }
  const { signal } = options;
  const aborted = () =>
    new TransportError(TransportErrorCode.CONNECT_FAILED, "connect aborted", {
      cause: signal?.reason,
    });
  if (signal?.aborted) throw aborted();
  let wt: NativeWebTransport;
  try {
    wt = new Native(String(url), nativeOptions(options));
  } catch (e) {
    throw translate(TransportErrorCode.CONNECT_FAILED, e);
  }
  const transport = fromWebTransport(wt);
  if (signal === undefined) {
    await transport.ready;
    return transport;
  }
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      try {
        wt.close();
      } catch {
        // a native session still connecting may refuse close(); it is abandoned anyway
      }
      reject(aborted());
    };
    signal.addEventListener("abort", onAbort, { once: true });
    transport.ready.then(
      () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
  return transport;
}
