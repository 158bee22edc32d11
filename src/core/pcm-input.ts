import { CoreError, CoreErrorCode } from "./errors.ts";

/** 16-bit PCM as samples, or as little-endian bytes. */
export type PcmInput = Int16Array | Uint8Array | ArrayBuffer;

/**
 * 16-bit samples from PCM input without copying when alignment allows.
 * Throws `CORE_ODD_BYTE_COUNT` for bytes that cannot hold whole samples.
 */
export function toPcmSamples(input: PcmInput): Int16Array {
  if (input instanceof Int16Array) return input;
  const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : input;
  if (!(bytes instanceof Uint8Array)) {
    throw new CoreError(
      CoreErrorCode.InvalidArgument,
      "PCM must be an Int16Array, Uint8Array or ArrayBuffer",
    );
  }
  if (bytes.byteLength % 2 !== 0) {
    throw new CoreError(
      CoreErrorCode.OddByteCount,
      `16-bit PCM needs an even byte count, got ${bytes.byteLength}`,
    );
  }
  if (bytes.byteOffset % 2 === 0)
    return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
  return new Int16Array(bytes.slice().buffer);
}
