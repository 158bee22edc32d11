import { streamError, streamErrorCodeOf } from "../../transport/errors.ts";
import type { MoqReceiveStream } from "../../transport/types.ts";
import { StreamResetCode } from "../wire/error-codes.ts";
import { WireDecodeError } from "../wire/errors.ts";
import { ChunkBuffer, ChunkBufferOverflow } from "./chunk-buffer.ts";
import { CloseReason, MoqtErrorCode, MoqtSessionError, MoqtStreamError } from "./errors.ts";

/**
 * Decodes one structure at `offset` of `bytes`: [value, bytes read], or undefined when
 * more bytes must arrive first (a cheap check on the hot path); throws WireDecodeError.
 */
export type Decode<T> = (bytes: Uint8Array, offset: number) => [T, number] | undefined;

/**
 * Reads a unidirectional data stream and decodes its structures (header,
 * Objects) in place: values are views into the received chunks. A structure
 * split across chunks is completed in one bounded buffer (`maxPendingBytes`).
 */
export class DataStreamReader {
  private readonly buffer: ChunkBuffer;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private fin = false;

  constructor(stream: MoqReceiveStream, maxPendingBytes: number) {
    this.buffer = new ChunkBuffer(maxPendingBytes);
    this.reader = stream.getReader();
  }

  /**
   * The next structure, reading more chunks while it is incomplete; undefined at
   * a FIN between structures. Throws a MoqtSessionError for bytes that can never
   * decode or a FIN inside a structure (the session must close), a
   * MoqtStreamError when the stream is reset or a structure outgrows the limit.
   */
  async next<T>(decode: Decode<T>): Promise<T | undefined> {
    for (;;) {
      const b = this.buffer;
      if (b.length > 0) {
        try {
          const decoded = decode(b.bytes.subarray(0, b.end), b.start);
          if (decoded !== undefined) {
            b.consume(decoded[1]);
            return decoded[0];
          }
        } catch (e) {
          if (!(e instanceof WireDecodeError)) throw e;
          if (!e.truncated) throw new MoqtSessionError(e.termination, e.message, { cause: e });
        }
      }
      if (this.fin) {
        if (b.length === 0) return undefined;
        // §"Streams": a FIN in the middle of a serialized Object is a PROTOCOL_VIOLATION.
        throw MoqtSessionError.protocolViolation(CloseReason.FIN_INSIDE_OBJECT);
      }
      await this.fill();
    }
  }

  /** Stops reading and asks the peer to stop sending (STOP_SENDING with `code`). */
  cancel(code: number = StreamResetCode.CANCELLED): void {
    this.reader.cancel(streamError(code)).catch(() => undefined);
  }

  private async fill(): Promise<void> {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await this.reader.read();
    } catch (e) {
      const code = streamErrorCodeOf(e);
      throw new MoqtStreamError(
        MoqtErrorCode.STREAM_RESET,
        `stream reset (${code ?? "no code"})`,
        code,
        e,
      );
    }
    if (chunk.done) {
      this.fin = true;
      return;
    }
    try {
      this.buffer.push(chunk.value);
    } catch (e) {
      if (!(e instanceof ChunkBufferOverflow)) throw e;
      this.cancel(StreamResetCode.INTERNAL_ERROR);
      throw new MoqtStreamError(MoqtErrorCode.STREAM_TOO_LARGE, e.message, null, e);
    }
  }
}
