import { streamErrorCodeOf, TransportStreamError } from "./errors.ts";
import type { MoqReceiveStream, MoqSendStream } from "./types.ts";

/** Bytes a pipe buffers before `write()` waits for the reader (a stream flow-control window). */
export const DEFAULT_PIPE_WINDOW_BYTES = 256 * 1024;

/**
 * One direction of an in-memory stream: a send half and a receive half joined by
 * a byte-bounded queue. FIN, reset (with code), STOP_SENDING (with code) and
 * teardown with the session behave as on a QUIC stream.
 */
export class MemoryPipe {
  readonly readable: MoqReceiveStream;
  readonly writable: MoqSendStream;
  private rc!: ReadableStreamDefaultController<Uint8Array>;
  private wc!: WritableStreamDefaultController;
  private drained: (() => void) | undefined;
  private done = false;
  private silent = false;

  constructor(onDone: (pipe: MemoryPipe) => void, windowBytes = DEFAULT_PIPE_WINDOW_BYTES) {
    const finish = () => {
      if (this.done) return;
      this.done = true;
      onDone(this);
    };
    this.readable = new ReadableStream<Uint8Array>(
      {
        start: (c) => {
          this.rc = c;
        },
        pull: () => this.release(),
        cancel: (reason) => {
          if (this.silent) return; // the STOP_SENDING never reaches the sender
          // STOP_SENDING: the sender's next write fails with the receiver's code.
          this.wc.error(new TransportStreamError("stream", streamErrorCodeOf(reason) ?? 0));
          this.release();
          finish();
        },
      },
      new ByteLengthQueuingStrategy({ highWaterMark: windowBytes }),
    );
    const sink: UnderlyingSink<Uint8Array> = {
      start: (c) => {
        this.wc = c;
      },
      write: (chunk) => {
        if (!(chunk instanceof Uint8Array)) throw new TypeError("stream chunks must be Uint8Array");
        if (this.silent) return; // lost on the way
        // The sender may reuse its buffer once write() resolves: keep a copy.
        this.rc.enqueue(chunk.slice());
        if ((this.rc.desiredSize ?? 1) > 0) return;
        return new Promise<void>((resolve) => {
          this.drained = resolve;
        });
      },
      close: () => {
        if (this.silent) return; // the FIN never arrives
        this.rc.close();
        finish();
      },
      abort: (reason) => {
        if (this.silent) return; // the RESET_STREAM never arrives
        // RESET_STREAM: queued bytes are discarded, the reader sees the code.
        this.rc.error(new TransportStreamError("stream", streamErrorCodeOf(reason) ?? 0));
        finish();
      },
    };
    const writable: MoqSendStream = new WritableStream<Uint8Array>(sink);
    writable.sendOrder = 0;
    this.writable = writable;
  }

  /**
   * The path died without a signal: from now on nothing crosses the pipe — writes,
   * FIN and resets are swallowed (a write waiting for the window is let go), the
   * reader waits for bytes that never come, STOP_SENDING is not delivered.
   */
  silence(): void {
    this.silent = true;
    this.release();
  }

  /** Tears the pipe down because its session closed: both halves error. */
  teardown(error: TransportStreamError): void {
    if (this.done) return;
    this.done = true;
    try {
      this.rc.error(error);
    } catch {
      // already closed
    }
    try {
      this.wc.error(error);
    } catch {
      // already closed
    }
    this.release();
  }

  private release(): void {
    const d = this.drained;
    this.drained = undefined;
    d?.();
  }
}
