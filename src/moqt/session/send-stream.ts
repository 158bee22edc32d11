import { streamError, streamErrorCodeOf } from "../../transport/errors.ts";
import type { MoqSendStream } from "../../transport/types.ts";
import { StreamResetCode } from "../wire/error-codes.ts";
import { MoqtErrorCode, MoqtStreamError } from "./errors.ts";

/**
 * The sending half of a data stream: ordered writes, FIN, reset with a code,
 * and the stream's `sendOrder` where the transport supports prioritisation.
 */
export class SendStream {
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  /**
   * Resolves when the stream is finished with a FIN; rejects with a
   * MoqtStreamError when it is reset or the peer stops it (STOP_SENDING).
   */
  readonly closed: Promise<void>;

  constructor(private readonly stream: MoqSendStream) {
    this.writer = stream.getWriter();
    this.closed = this.writer.closed.catch((e: unknown) => {
      const code = streamErrorCodeOf(e);
      throw new MoqtStreamError(
        MoqtErrorCode.STREAM_RESET,
        `stream stopped (${code ?? "no code"})`,
        code,
        e,
      );
    });
    this.closed.catch(() => undefined);
  }

  /** The W3C send order (higher goes first); undefined when the transport has none. */
  get sendOrder(): number | undefined {
    return this.stream.sendOrder;
  }

  set sendOrder(value: number) {
    if ("sendOrder" in this.stream) this.stream.sendOrder = value;
  }

  /** Queues bytes; resolves when the transport accepted them (backpressure). */
  protected push(bytes: Uint8Array): Promise<void> {
    return this.writer.write(bytes);
  }

  /** Ends the stream with a FIN once queued bytes are sent. */
  close(): Promise<void> {
    return this.writer.close();
  }

  /** Abandons the stream (RESET_STREAM with `code`); queued bytes may be lost. */
  reset(code: number = StreamResetCode.CANCELLED): Promise<void> {
    return this.writer.abort(streamError(code));
  }
}
