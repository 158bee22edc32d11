import type { ControlMessage } from "../wire/control.ts";
import { type Accepts, errorAnswer, okAnswer } from "./answers.ts";
import { CloseReason, MoqtErrorCode, MoqtRequestError, MoqtSessionError } from "./errors.ts";
import type { MoqtRequestHandler } from "./handler.ts";
import type { NamespaceAnnouncer } from "./namespace-announcer.ts";
import type { NamespaceRegistry } from "./namespaces.ts";
import { RequestErrorName } from "./request-error-codes.ts";
import type { IncomingRequestIds, OutgoingRequestIds } from "./request-ids.ts";
import type { RequestKind, RequestMessage } from "./request-kind.ts";
import type { MoqtSession } from "./session.ts";
import type { TrackAliases } from "./track-aliases.ts";

/** What the incoming side needs from the session. */
export interface IncomingDeps {
  readonly draft: 14 | 16;
  readonly ids: IncomingRequestIds;
  readonly ownIds: OutgoingRequestIds;
  readonly aliases: TrackAliases;
  readonly peerNamespaces: NamespaceRegistry;
  readonly handler: MoqtRequestHandler | undefined;
  readonly session: MoqtSession;
  readonly isClosed: () => boolean;
  /** Called after each accepted Request ID (to top the peer's limit up). */
  readonly onRequestId: (requestId: number) => void;
}

type AnyHandler = (
  req: RequestMessage,
  session: MoqtSession,
  announcer?: NamespaceAnnouncer,
) => unknown;

function asRequestError(e: unknown): MoqtRequestError {
  if (e instanceof MoqtRequestError && e.code === MoqtErrorCode.REQUEST_REJECTED) return e;
  const reason = e instanceof Error ? e.message : String(e);
  return MoqtRequestError.reject(RequestErrorName.INTERNAL_ERROR, reason);
}

/**
 * The peer's requests: Request ID checks (§"Request ID", §"MAX_REQUEST_ID"),
 * then the owner's handler, then exactly one answer in the negotiated draft.
 */
export class IncomingRequests {
  constructor(private readonly deps: IncomingDeps) {}

  /**
   * Checks `req` and starts answering it through `respond`. Throws (synchronously)
   * the session error a bad Request ID or update target calls for.
   */
  receive(
    req: RequestMessage,
    respond: (msg: ControlMessage) => void,
    announcer?: NamespaceAnnouncer,
  ): void {
    const d = this.deps;
    d.ids.accept(req.requestId);
    if (req.kind === "requestUpdate") {
      const target = req.existingRequestId;
      // draft-16 §"REQUEST_UPDATE": an Existing Request ID naming no request is a PROTOCOL_VIOLATION.
      if (!d.ids.used(target) && !d.ownIds.issued(target)) {
        throw MoqtSessionError.protocolViolation(
          `${CloseReason.UNKNOWN_UPDATE_TARGET} (${target})`,
        );
      }
    }
    if (req.kind === "publish") {
      const { requestId, trackNamespace, trackName } = req;
      d.aliases.claim(req.trackAlias, { requestId, trackNamespace, trackName });
    }
    if (req.kind === "publishNamespace") d.peerNamespaces.add(req.requestId, req.trackNamespace);
    d.onRequestId(req.requestId);
    void this.answer(req, respond, announcer);
  }

  // §"Subscriptions" / §"Fetch State Management": exactly one answer per request.
  private async answer(
    req: RequestMessage,
    respond: (msg: ControlMessage) => void,
    announcer: NamespaceAnnouncer | undefined,
  ): Promise<void> {
    const d = this.deps;
    let accept: Accepts[RequestKind] | undefined;
    let error: MoqtRequestError | undefined;
    try {
      const fn = d.handler?.[req.kind] as AnyHandler | undefined;
      if (fn === undefined) {
        throw MoqtRequestError.reject(
          RequestErrorName.NOT_SUPPORTED,
          `${req.kind} is not supported`,
        );
      }
      accept = (await fn.call(d.handler, req, d.session, announcer)) as Accepts[RequestKind];
    } catch (e) {
      error = asRequestError(e);
    }
    if (d.isClosed()) return;
    if (error === undefined) {
      try {
        const reply = okAnswer(req, accept, d.draft);
        if (reply !== undefined) respond(reply);
        announcer?.answered(true);
        return;
      } catch (e) {
        // The handler's accept value cannot be encoded: answer with an error instead.
        error = asRequestError(e);
      }
    }
    this.respondError(req, error, respond);
    this.forget(req);
    announcer?.answered(false);
  }

  /** Sends the error answer; if its reason cannot be encoded, sends it without one. */
  private respondError(
    req: RequestMessage,
    error: MoqtRequestError,
    respond: (msg: ControlMessage) => void,
  ): void {
    const bare = MoqtRequestError.reject(error.errorName ?? error.errorCode);
    for (const e of [error, bare]) {
      try {
        const reply = errorAnswer(req, e, this.deps.draft);
        if (reply !== undefined) respond(reply);
        return;
      } catch {
        // try the next form
      }
    }
  }

  /** A rejected request leaves no state behind. */
  private forget(req: RequestMessage): void {
    if (req.kind === "publish") this.deps.aliases.release(req.requestId);
    if (req.kind === "publishNamespace")
      this.deps.peerNamespaces.take(req.requestId, this.deps.draft);
  }
}
