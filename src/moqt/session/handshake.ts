// draft-14/16 §"Session initialization": the client opens the control stream and
// sends CLIENT_SETUP; the server answers SERVER_SETUP. §"Versions" (draft-14): the
// server picks one of the offered versions, and either side closes with
// VERSION_NEGOTIATION_FAILED when that is impossible.
import type { MoqTransport } from "../../transport/types.ts";
import type { ClientSetup, SetupParameters } from "../wire/control/session/setup.ts";
import { SessionErrorCode } from "../wire/error-codes.ts";
import type { Version } from "../wire/version.ts";
import { ControlChannel } from "./control-channel.ts";
import { CloseReason, MoqtSessionError } from "./errors.ts";
import { negotiationFor, selectVersion } from "./negotiation.ts";
import { explainStreamFailure } from "./transport-end.ts";

/** What both handshakes need. */
export interface HandshakeOptions {
  readonly versions: readonly Version[];
  /** Setup parameters to send besides MAX_REQUEST_ID. */
  readonly parameters: SetupParameters;
  /** The MAX_REQUEST_ID to grant the peer in SETUP. */
  readonly maxRequestId: number;
  readonly timeoutMs: number;
  /** Server: inspects CLIENT_SETUP; throwing a MoqtSessionError refuses the session with its code. */
  readonly onClientSetup?: (setup: ClientSetup) => void | Promise<void>;
}

/** An established session's starting point. */
export interface Handshake {
  readonly version: Version;
  readonly channel: ControlChannel;
  /** The peer's Setup Parameters. */
  readonly peer: SetupParameters;
}

/** The peer ended the stream (or the incoming stream queue) before the handshake finished. */
class Ended extends Error {}

function ended(): MoqtSessionError {
  return MoqtSessionError.protocolViolation(CloseReason.CONTROL_STREAM_ENDED);
}

/** Runs `steps`; on failure or timeout closes the transport with the error's code and rethrows. */
async function guarded<T>(
  transport: MoqTransport,
  timeoutMs: number,
  steps: () => Promise<T>,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new MoqtSessionError(SessionErrorCode.CONTROL_MESSAGE_TIMEOUT, CloseReason.SETUP_TIMEOUT),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([steps(), timeout]);
  } catch (e) {
    const error =
      e instanceof MoqtSessionError
        ? e
        : await explainStreamFailure(transport, e instanceof Ended ? ended() : internal(e));
    transport.close({ closeCode: error.termination, reason: error.reason });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function internal(e: unknown): MoqtSessionError {
  const reason = e instanceof Error ? e.message : String(e);
  return new MoqtSessionError(SessionErrorCode.INTERNAL_ERROR, reason, { cause: e });
}

/** The client side: opens the control stream, sends CLIENT_SETUP, checks SERVER_SETUP. */
export function clientHandshake(transport: MoqTransport, o: HandshakeOptions): Promise<Handshake> {
  return guarded(transport, o.timeoutMs, async () => {
    await transport.ready;
    const how = negotiationFor(transport.protocol, o.versions);
    const framing = how.by === "protocol" ? how.version : how.framing;
    const channel = new ControlChannel(await transport.createBidirectionalStream(), framing);
    channel.send({
      kind: "clientSetup",
      ...(how.by === "setup" && { versions: how.candidates }),
      parameters: { ...o.parameters, maxRequestId: o.maxRequestId },
    });
    const reply = await channel.read();
    if (reply === undefined) throw new Ended();
    if (reply.kind !== "serverSetup") {
      throw MoqtSessionError.protocolViolation(`${CloseReason.SETUP_EXPECTED}, got ${reply.kind}`);
    }
    let version = framing;
    if (how.by === "setup") {
      const selected = how.candidates.find((v) => v === reply.selectedVersion);
      // draft-14 §"Versions": a version the client did not offer fails the negotiation.
      if (selected === undefined) {
        throw new MoqtSessionError(
          SessionErrorCode.VERSION_NEGOTIATION_FAILED,
          CloseReason.UNOFFERED_VERSION,
        );
      }
      version = selected;
    }
    // §"PATH", §"AUTHORITY": a server MUST NOT send them.
    if (reply.parameters.path !== undefined) {
      throw new MoqtSessionError(SessionErrorCode.INVALID_PATH, CloseReason.SERVER_SENT_PATH);
    }
    if (reply.parameters.authority !== undefined) {
      throw new MoqtSessionError(
        SessionErrorCode.INVALID_AUTHORITY,
        CloseReason.SERVER_SENT_AUTHORITY,
      );
    }
    channel.version = version;
    return { version, channel, peer: reply.parameters };
  });
}

/** The server side: takes the first bidirectional stream as control, answers CLIENT_SETUP. */
export function serverHandshake(transport: MoqTransport, o: HandshakeOptions): Promise<Handshake> {
  return guarded(transport, o.timeoutMs, async () => {
    await transport.ready;
    const how = negotiationFor(transport.protocol, o.versions);
    const framing = how.by === "protocol" ? how.version : how.framing;
    const incoming = transport.incomingBidirectionalStreams.getReader();
    const first = await incoming.read();
    incoming.releaseLock();
    if (first.done) throw new Ended();
    const channel = new ControlChannel(first.value, framing);
    const hello = await channel.read();
    if (hello === undefined) throw new Ended();
    if (hello.kind !== "clientSetup") {
      throw MoqtSessionError.protocolViolation(`${CloseReason.SETUP_EXPECTED}, got ${hello.kind}`);
    }
    let version = framing;
    if (how.by === "setup") {
      // draft-14 §"Versions": the server MUST reply with one of the offered versions.
      const picked = selectVersion(hello.versions ?? [], how.candidates);
      if (picked === undefined) {
        throw new MoqtSessionError(
          SessionErrorCode.VERSION_NEGOTIATION_FAILED,
          CloseReason.NO_COMMON_VERSION,
        );
      }
      version = picked;
    }
    await o.onClientSetup?.(hello);
    channel.version = version;
    const { path: _p, authority: _a, ...parameters } = o.parameters;
    channel.send({
      kind: "serverSetup",
      ...(how.by === "setup" && { selectedVersion: version }),
      parameters: { ...parameters, maxRequestId: o.maxRequestId },
    });
    return { version, channel, peer: hello.parameters };
  });
}
