import { streamError } from "../../transport/errors.ts";
import type { MoqBidirectionalStream } from "../../transport/types.ts";
import { type ControlMessage, encodeControl } from "../wire/control.ts";
import type { Version } from "../wire/version.ts";
import { ControlReader } from "./control-reader.ts";

/**
 * Control messages over one bidirectional stream: the control stream, or a
 * draft-16 SUBSCRIBE_NAMESPACE stream. Writes keep their call order; a failed
 * write is reported to `onWriteError` (the stream, or the session, is gone).
 */
export class ControlChannel {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private readonly decoder: ControlReader;
  /** Messages decoded but not yet handed out by `read()`. */
  private readonly backlog: ControlMessage[] = [];

  constructor(
    stream: MoqBidirectionalStream,
    version: Version,
    private readonly onWriteError: (e: unknown) => void = () => undefined,
  ) {
    this.reader = stream.readable.getReader();
    this.writer = stream.writable.getWriter();
    this.decoder = new ControlReader(version);
  }

  get version(): Version {
    return this.decoder.version;
  }

  set version(v: Version) {
    this.decoder.version = v;
  }

  /** Encodes and queues `msg`. Encoding errors throw here; nothing is written then. */
  send(msg: ControlMessage): void {
    this.sendBytes(encodeControl(msg, this.decoder.version));
  }

  /** Queues already encoded messages. */
  sendBytes(bytes: Uint8Array): void {
    this.writer.write(bytes).catch(this.onWriteError);
  }

  /**
   * The next message; undefined when the peer ended the stream (FIN). Throws a
   * MoqtSessionError on bytes that can never decode, or the transport's error
   * when the stream is reset or the session is gone.
   */
  async read(): Promise<ControlMessage | undefined> {
    for (;;) {
      const next = this.backlog.shift();
      if (next !== undefined) return next;
      const { value, done } = await this.reader.read();
      if (done) return undefined;
      this.backlog.push(...this.decoder.push(value));
    }
  }

  /** Ends our half with a FIN. */
  finish(): void {
    this.writer.close().catch(() => undefined);
  }

  /** Stops reading; the peer is asked to stop sending (STOP_SENDING with `code`). */
  stopReading(code = 0): void {
    this.reader.cancel(streamError(code)).catch(() => undefined);
  }

  /** Abandons the stream both ways with `code` (RESET_STREAM and STOP_SENDING). */
  abandon(code = 0): void {
    this.writer.abort(streamError(code)).catch(() => undefined);
    this.reader.cancel(streamError(code)).catch(() => undefined);
  }
}
