import type { MoqTransport } from "../../transport/types.ts";
import type { ControlMessage } from "../wire/control.ts";
import { SessionErrorCode } from "../wire/error-codes.ts";
import type { SessionCloser } from "./closer.ts";
import type { ControlChannel } from "./control-channel.ts";
import { type DispatchDeps, dispatchControl } from "./control-dispatch.ts";
import { CloseReason, MoqtSessionError } from "./errors.ts";
import { explainStreamFailure } from "./transport-end.ts";

/**
 * Reads the control stream until the session ends, dispatching each message.
 * Whatever stops it closes the session with the matching termination code.
 */
export async function runControlLoop(
  channel: ControlChannel,
  dispatch: DispatchDeps,
  closer: SessionCloser,
  transport: MoqTransport,
): Promise<void> {
  for (;;) {
    let msg: ControlMessage | undefined;
    try {
      msg = await channel.read();
    } catch (e) {
      return failWith(e, closer, transport);
    }
    if (closer.isClosed) return;
    // §"Session initialization": closing the control stream is a PROTOCOL_VIOLATION.
    if (msg === undefined) return failWith(undefined, closer, transport);
    try {
      dispatchControl(msg, dispatch);
    } catch (e) {
      return failWith(e, closer, transport);
    }
  }
}

/** Closes the session for `e`; a stream-level failure is first matched to a close by the peer. */
async function failWith(e: unknown, closer: SessionCloser, transport: MoqTransport): Promise<void> {
  if (closer.isClosed) return;
  if (e instanceof MoqtSessionError) return closer.fail(e);
  const streamLevel = e === undefined || (e instanceof Error && "streamErrorCode" in e);
  if (!streamLevel) {
    const reason = e instanceof Error ? e.message : String(e);
    return closer.fail(new MoqtSessionError(SessionErrorCode.INTERNAL_ERROR, reason, { cause: e }));
  }
  const ended = MoqtSessionError.protocolViolation(CloseReason.CONTROL_STREAM_ENDED);
  closer.fail(await explainStreamFailure(transport, ended));
}
