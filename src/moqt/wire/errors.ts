import { ClutchCallError } from "../../errors.ts";
import { SessionErrorCode, sessionErrorName } from "./error-codes.ts";

/**
 * Why a decode failed. `truncated` means the bytes end before the structure does
 * (on a stream: wait for more); `malformed` means the bytes can never be valid.
 */
export type WireDecodeFailure = "truncated" | "malformed";

/**
 * The one error the wire codec throws when decoding. `termination` is the MoQT
 * session termination code the receiver must close the session with;
 * `offset` is the byte offset where decoding failed.
 */
export class WireDecodeError extends ClutchCallError {
  readonly failure: WireDecodeFailure;
  readonly termination: SessionErrorCode;
  readonly offset: number;

  constructor(
    failure: WireDecodeFailure,
    termination: SessionErrorCode,
    offset: number,
    detail: string,
  ) {
    super(
      failure === "truncated" ? "WIRE_TRUNCATED" : "WIRE_MALFORMED",
      `${detail} at byte ${offset} (${failure}, ${sessionErrorName(termination)})`,
      { fatal: failure === "malformed" },
    );
    this.failure = failure;
    this.termination = termination;
    this.offset = offset;
  }

  /** True when more bytes could complete the structure. */
  get truncated(): boolean {
    return this.failure === "truncated";
  }
}

/** Thrown when a message cannot be encoded (a value out of range, or absent in that draft). */
export class WireEncodeError extends ClutchCallError {
  constructor(detail: string) {
    super("WIRE_ENCODE", detail, { fatal: false });
  }
}

export function truncated(offset: number, what: string): WireDecodeError {
  return new WireDecodeError(
    "truncated",
    SessionErrorCode.PROTOCOL_VIOLATION,
    offset,
    `${what}: need more bytes`,
  );
}

export function malformed(
  offset: number,
  detail: string,
  termination: SessionErrorCode = SessionErrorCode.PROTOCOL_VIOLATION,
): WireDecodeError {
  return new WireDecodeError("malformed", termination, offset, detail);
}
