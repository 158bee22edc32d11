import { type ControlMessage, decodeControl, MAX_CONTROL_PAYLOAD } from "../wire/control.ts";
import { WireDecodeError } from "../wire/errors.ts";
import type { Version } from "../wire/version.ts";
import { ChunkBuffer } from "./chunk-buffer.ts";
import { MoqtSessionError } from "./errors.ts";

/** Type (at most an 8-byte varint) + Length (16) + the largest payload. */
const MAX_MESSAGE_BYTES = 8 + 2 + MAX_CONTROL_PAYLOAD;

/**
 * Turns control stream chunks into control messages. Partial messages stay
 * buffered until the rest arrives; bytes that can never decode throw a
 * `MoqtSessionError` carrying the termination code the session must close with.
 */
export class ControlReader {
  private readonly buffer = new ChunkBuffer(MAX_MESSAGE_BYTES);

  /** `version` may change once the handshake has picked one. */
  constructor(public version: Version) {}

  /** Adds a chunk and returns every message it completes, in order. */
  push(chunk: Uint8Array): ControlMessage[] {
    this.buffer.push(chunk);
    const out: ControlMessage[] = [];
    while (this.buffer.length > 0) {
      let decoded: [ControlMessage, number];
      try {
        decoded = decodeControl(this.buffer.view(), this.version);
      } catch (e) {
        if (e instanceof WireDecodeError && e.truncated) break;
        if (e instanceof WireDecodeError) {
          throw new MoqtSessionError(e.termination, e.message, { cause: e });
        }
        throw e;
      }
      out.push(decoded[0]);
      this.buffer.consume(decoded[1]);
    }
    return out;
  }

  /** True when bytes of an incomplete message are buffered. */
  get partial(): boolean {
    return this.buffer.length > 0;
  }
}
