import type { MoqTransport } from "../../transport/types.ts";
import { SessionErrorCode } from "../wire/error-codes.ts";
import { CloseReason, MoqtSessionError } from "./errors.ts";
import { reportListenerError } from "./report-error.ts";

/** How a session ended. */
export interface MoqtCloseInfo {
  /** MoqT session termination code (draft §"Termination"); 0 is NO_ERROR. */
  readonly code: number;
  readonly reason: string;
  /** True when the peer closed the session or the connection was lost. */
  readonly remote: boolean;
}

/** W3C WebTransport limits the close reason to 1024 bytes of UTF-8. */
const MAX_REASON_BYTES = 1024;
const ENCODER = new TextEncoder();

function clampReason(reason: string): string {
  if (ENCODER.encode(reason).length <= MAX_REASON_BYTES) return reason;
  let s = reason.slice(0, MAX_REASON_BYTES);
  while (ENCODER.encode(s).length > MAX_REASON_BYTES) s = s.slice(0, -1);
  return s;
}

/**
 * The session's end, reached once: by a local close, by a protocol error found
 * here (closing the transport with its termination code), by the peer's close,
 * or by losing the connection. Cleanup callbacks run once, in order.
 */
export class SessionCloser {
  readonly closed: Promise<MoqtCloseInfo>;
  private info: MoqtCloseInfo | undefined;
  private resolve!: (info: MoqtCloseInfo) => void;
  private readonly cleanups: ((error: MoqtSessionError) => void)[] = [];

  constructor(private readonly transport: MoqTransport) {
    this.closed = new Promise((r) => {
      this.resolve = r;
    });
    transport.closed.then(
      (i) => this.finish({ code: i.closeCode, reason: i.reason, remote: true }),
      () =>
        this.finish({
          code: SessionErrorCode.INTERNAL_ERROR,
          reason: CloseReason.TRANSPORT_LOST,
          remote: true,
        }),
    );
  }

  get isClosed(): boolean {
    return this.info !== undefined;
  }

  /** The close, once it happened. */
  get result(): MoqtCloseInfo | undefined {
    return this.info;
  }

  /** Registers work to do when the session ends (given the error that ended it). */
  onClose(cleanup: (error: MoqtSessionError) => void): void {
    if (this.info !== undefined) cleanup(this.errorOf(this.info));
    else this.cleanups.push(cleanup);
  }

  /** Closes the session with `code` and `reason`; later calls do nothing. */
  close(code: number, reason: string): void {
    if (this.info !== undefined) return;
    const clamped = clampReason(reason);
    this.finish({ code, reason: clamped, remote: false });
    this.transport.close({ closeCode: code, reason: clamped });
  }

  /** Closes the session because of `error` (§"Termination": with its code). */
  fail(error: MoqtSessionError): void {
    this.close(error.termination, error.reason);
  }

  private errorOf(info: MoqtCloseInfo): MoqtSessionError {
    return new MoqtSessionError(info.code, info.reason || "session closed");
  }

  private finish(info: MoqtCloseInfo): void {
    if (this.info !== undefined) return;
    this.info = info;
    const error = this.errorOf(info);
    for (const cleanup of this.cleanups.splice(0)) {
      try {
        cleanup(error);
      } catch (e) {
        reportListenerError(e);
      }
    }
    this.resolve(info);
  }
}
