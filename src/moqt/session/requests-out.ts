import type { ControlMessage } from "../wire/control.ts";
import { CloseReason, MoqtErrorCode, MoqtRequestError, MoqtSessionError } from "./errors.ts";
import type { RequestGate } from "./request-gate.ts";
import type { MessageOfKind, RequestKind, RequestMessage } from "./request-kind.ts";
import { answerableKinds, type RequestResults, type ResponseMessage, settle } from "./responses.ts";
import type { TrackAliases } from "./track-aliases.ts";

/** Per-request options. */
export interface RequestOptions {
  /**
   * Withdraws the request: while it waits for a Request ID it is dropped; once
   * sent, the session ends it (UNSUBSCRIBE, FETCH_CANCEL, ...) and ignores the answer.
   */
  readonly signal?: AbortSignal;
}

/** What the outgoing side needs from the session. */
export interface OutgoingDeps {
  readonly draft: 14 | 16;
  /** Encodes and sends on the control stream; throws (sending nothing) if `msg` cannot be encoded. */
  send(msg: ControlMessage): void;
  /** Ends a request that was withdrawn after it was sent. */
  withdraw(request: RequestMessage): void;
}

interface Pending {
  readonly kind: RequestKind;
  readonly resolve: (value: RequestResults[RequestKind]) => void;
  readonly reject: (error: unknown) => void;
  readonly request: RequestMessage;
  aborted: boolean;
}

function aborted(requestId?: number): MoqtRequestError {
  return new MoqtRequestError({
    code: MoqtErrorCode.REQUEST_ABORTED,
    errorCode: 0,
    reason: "request withdrawn",
    ...(requestId !== undefined && { requestId }),
  });
}

/**
 * This endpoint's requests: Request IDs through the flow-control gate,
 * correlation of each answer (§"Request ID"), and one settlement per request.
 */
export class OutgoingRequests {
  private readonly pending = new Map<number, Pending>();
  private closedWith: MoqtRequestError | undefined;
  private goingAway: MoqtRequestError | undefined;

  constructor(
    private readonly gate: RequestGate,
    private readonly aliases: TrackAliases,
    private readonly deps: OutgoingDeps,
  ) {}

  /** Sends `build(requestId)` once flow control allows; resolves with the answer. */
  start<K extends RequestKind>(
    kind: K,
    build: (requestId: number) => MessageOfKind<K>,
    options: RequestOptions = {},
  ): Promise<RequestResults[K]> {
    return new Promise<RequestResults[K]>((resolve, reject) => {
      const signal = options.signal;
      let sentId: number | undefined;
      let withdraw: () => boolean = () => false;
      const onAbort = () => {
        if (withdraw()) return reject(aborted());
        const p = sentId === undefined ? undefined : this.pending.get(sentId);
        if (p === undefined || p.aborted || sentId === undefined) return;
        p.aborted = true;
        reject(aborted(sentId));
        this.deps.withdraw(p.request);
      };
      const settleWith = (fn: () => void) => {
        signal?.removeEventListener("abort", onAbort);
        fn();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      withdraw = this.submit(
        kind,
        (id) => {
          const msg = build(id);
          this.deps.send(msg);
          // draft-14 SUBSCRIBE_UPDATE has no answer: done once sent.
          if (kind === "requestUpdate" && this.deps.draft === 14) {
            settleWith(() => resolve({ requestId: id, parameters: {} } as RequestResults[K]));
            return;
          }
          sentId = id;
          this.pending.set(id, {
            kind,
            resolve: (v) => settleWith(() => resolve(v as RequestResults[K])),
            reject: (e) => settleWith(() => reject(e)),
            request: msg,
            aborted: false,
          });
        },
        (e) => settleWith(() => reject(e)),
        signal,
      );
    });
  }

  /**
   * Takes a Request ID for a request sent outside the control stream (draft-16
   * SUBSCRIBE_NAMESPACE); `prepare(id)` runs when the ID is free and must throw
   * if the request cannot be encoded. Resolves with the ID.
   */
  reserve(prepare: (requestId: number) => void, options: RequestOptions = {}): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const signal = options.signal;
      let withdraw: () => boolean = () => false;
      const onAbort = () => {
        if (withdraw()) reject(aborted());
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const done = () => signal?.removeEventListener("abort", onAbort);
      withdraw = this.submit(
        "subscribeNamespace",
        (id) => {
          prepare(id);
          done();
          resolve(id);
        },
        (e) => {
          done();
          reject(e);
        },
        signal,
      );
    });
  }

  /** Settles the request `msg` answers. Throws the session error a stray or mismatched answer calls for. */
  answer(msg: ResponseMessage): void {
    const p = this.pending.get(msg.requestId);
    // §"Subscriptions": exactly one answer per request; anything else is a protocol error.
    if (p === undefined) {
      throw MoqtSessionError.protocolViolation(
        `${CloseReason.UNKNOWN_RESPONSE}: ${msg.kind} ${msg.requestId}`,
      );
    }
    if (!answerableKinds(msg).includes(p.kind)) {
      throw MoqtSessionError.protocolViolation(
        `${CloseReason.WRONG_RESPONSE}: ${msg.kind} for ${p.kind}`,
      );
    }
    this.pending.delete(msg.requestId);
    if (p.aborted) return;
    const s = settle(msg, p.kind, this.deps.draft);
    if (!s.ok) {
      p.reject(s.error);
      return;
    }
    if (msg.kind === "subscribeOk" && p.request.kind === "subscribe") {
      const { requestId, trackNamespace, trackName } = p.request;
      try {
        this.aliases.claim(msg.trackAlias, { requestId, trackNamespace, trackName });
      } catch (e) {
        p.reject(e);
        throw e;
      }
    }
    p.resolve(s.value);
  }

  /**
   * The peer sent GOAWAY: new requests fail with `error` from now on, except
   * updates of existing ones (§"GOAWAY" lists the requests not to initiate).
   */
  refuseNew(error: MoqtRequestError): void {
    this.goingAway ??= error;
  }

  /** The session ended: every request, waiting or sent, fails with `error`. */
  closeAll(error: MoqtSessionError): void {
    const e = new MoqtRequestError({
      code: MoqtErrorCode.SESSION_CLOSED,
      errorCode: error.termination,
      reason: error.reason,
      cause: error,
    });
    this.closedWith = e;
    this.gate.close(e);
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private submit(
    kind: RequestKind,
    send: (id: number) => void,
    fail: (e: unknown) => void,
    signal: AbortSignal | undefined,
  ): () => boolean {
    const refusal = this.closedWith ?? (kind === "requestUpdate" ? undefined : this.goingAway);
    if (refusal !== undefined) {
      fail(refusal);
      return () => false;
    }
    if (signal?.aborted) {
      fail(aborted());
      return () => false;
    }
    return this.gate.submit({ send, fail });
  }
}
