// draft-16 §"SUBSCRIBE_NAMESPACE": the request travels on its own bidirectional
// stream, answered there by REQUEST_OK / REQUEST_ERROR and followed by NAMESPACE /
// NAMESPACE_DONE. draft-14 sends it on the control stream like any request.
import { isSessionCloseError } from "../../transport/errors.ts";
import type { MoqBidirectionalStream, MoqTransport } from "../../transport/types.ts";
import type { SubscribeNamespace } from "../wire/control/namespace/subscribe-namespace.ts";
import { type ControlMessage, encodeControl } from "../wire/control.ts";
import type { Version } from "../wire/version.ts";
import { ControlChannel } from "./control-channel.ts";
import { CloseReason, MoqtErrorCode, MoqtRequestError, MoqtSessionError } from "./errors.ts";
import { NamespaceAnnouncer } from "./namespace-announcer.ts";
import { NamespaceSubscription } from "./namespace-subscription.ts";
import { type SubscribeNamespaceArgs, subscribeNamespaceMessage } from "./request-args.ts";
import type { IncomingRequests } from "./requests-in.ts";
import type { OutgoingRequests, RequestOptions } from "./requests-out.ts";
import { settle } from "./responses.ts";

type Fail = (e: MoqtSessionError) => void;

function lostAnswer(e: unknown): MoqtRequestError {
  return new MoqtRequestError({
    code: isSessionCloseError(e) ? MoqtErrorCode.SESSION_CLOSED : MoqtErrorCode.REQUEST_REJECTED,
    errorCode: 0,
    reason: "SUBSCRIBE_NAMESPACE stream failed before its answer",
    cause: e,
  });
}

/** Sends a draft-16 SUBSCRIBE_NAMESPACE on a new stream and waits for its answer there. */
export async function subscribeNamespaceOverStream(
  transport: MoqTransport,
  version: Version,
  outgoing: OutgoingRequests,
  args: SubscribeNamespaceArgs,
  options: RequestOptions,
  fail: Fail,
): Promise<NamespaceSubscription> {
  let msg: SubscribeNamespace | undefined;
  let bytes: Uint8Array = new Uint8Array(0);
  const requestId = await outgoing.reserve((id) => {
    msg = subscribeNamespaceMessage(args, id, 16);
    bytes = encodeControl(msg, version);
  }, options);
  const channel = new ControlChannel(await transport.createBidirectionalStream(), version);
  channel.sendBytes(bytes);
  let first: ControlMessage | undefined;
  try {
    first = await channel.read();
  } catch (e) {
    if (e instanceof MoqtSessionError) fail(e);
    throw e instanceof MoqtSessionError ? e : lostAnswer(e);
  }
  const violation = (reason: string): never => {
    const e = MoqtSessionError.protocolViolation(reason);
    fail(e);
    throw e;
  };
  // §"SUBSCRIBE_NAMESPACE": the first message on the stream is the single answer.
  if (first === undefined) return violation(CloseReason.CONTROL_STREAM_ENDED);
  if (
    (first.kind !== "requestOk" && first.kind !== "requestError") ||
    first.requestId !== requestId
  ) {
    return violation(`${CloseReason.WRONG_RESPONSE}: ${first.kind}`);
  }
  const s = settle(first, "subscribeNamespace", 16);
  if (!s.ok) {
    channel.stopReading();
    throw s.error;
  }
  return NamespaceSubscription.overStream(requestId, msg!.trackNamespacePrefix, channel, fail);
}

/**
 * Accepts the peer's bidirectional streams after the control stream: draft-16
 * SUBSCRIBE_NAMESPACE streams. §"Session initialization": draft-16 streams that
 * begin with anything else MUST close the session; draft-14 MAY close it on any.
 */
export class IncomingBidiStreams {
  constructor(
    private readonly transport: MoqTransport,
    private readonly version: Version,
    private readonly draft: 14 | 16,
    private readonly incoming: IncomingRequests,
    private readonly fail: Fail,
  ) {}

  async run(): Promise<void> {
    const streams = this.transport.incomingBidirectionalStreams.getReader();
    for (;;) {
      let next: ReadableStreamReadResult<MoqBidirectionalStream>;
      try {
        next = await streams.read();
      } catch {
        return;
      }
      if (next.done) return;
      if (this.draft === 14) {
        return this.fail(MoqtSessionError.protocolViolation(CloseReason.SECOND_BIDI_STREAM));
      }
      void this.accept(new ControlChannel(next.value, this.version));
    }
  }

  private async accept(channel: ControlChannel): Promise<void> {
    const first = await this.readOrFail(channel);
    if (first === undefined) return channel.finish();
    if (first.kind !== "subscribeNamespace") {
      return this.fail(
        MoqtSessionError.protocolViolation(`${CloseReason.SECOND_BIDI_STREAM}: ${first.kind}`),
      );
    }
    const announcer = new NamespaceAnnouncer(channel, first.trackNamespacePrefix);
    try {
      this.incoming.receive(first, (m) => channel.send(m), announcer);
    } catch (e) {
      if (e instanceof MoqtSessionError) return this.fail(e);
      throw e;
    }
    // The subscriber only ever ends its half (FIN or reset): that cancels the subscription.
    const more = await this.readOrFail(channel);
    if (more !== undefined) {
      this.fail(
        MoqtSessionError.protocolViolation(`${CloseReason.UNEXPECTED_MESSAGE}: ${more.kind}`),
      );
    }
    announcer.end();
  }

  /** The next message; undefined at FIN, on a reset, or after failing the session. */
  private async readOrFail(channel: ControlChannel): Promise<ControlMessage | undefined> {
    try {
      return await channel.read();
    } catch (e) {
      if (e instanceof MoqtSessionError) this.fail(e);
      return undefined;
    }
  }
}
