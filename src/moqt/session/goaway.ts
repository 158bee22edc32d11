// draft-14/16 §"GOAWAY".
import { CloseReason, MoqtSessionError, MoqtUsageError } from "./errors.ts";
import type { Role } from "./request-ids.ts";

/** GOAWAY both ways: each side sends at most one. */
export class GoAwayState {
  private sent = false;
  private received = false;

  constructor(private readonly role: Role) {}

  get goingAway(): boolean {
    return this.received;
  }

  /** Records this endpoint's GOAWAY; throws MoqtUsageError when it may not be sent. */
  send(newSessionUri: string): void {
    if (this.sent) throw new MoqtUsageError("GOAWAY was sent already");
    if (this.role === "client" && newSessionUri.length > 0) {
      throw new MoqtUsageError("a client's GOAWAY carries no URI");
    }
    this.sent = true;
  }

  /** Checks a received GOAWAY; throws the session error it calls for. */
  receive(newSessionUri: string): void {
    // §"GOAWAY": an endpoint MUST close with PROTOCOL_VIOLATION on a second GOAWAY.
    if (this.received) throw MoqtSessionError.protocolViolation(CloseReason.SECOND_GOAWAY);
    // §"GOAWAY": a server receiving a non-empty New Session URI MUST close with PROTOCOL_VIOLATION.
    if (this.role === "server" && newSessionUri.length > 0) {
      throw MoqtSessionError.protocolViolation(CloseReason.GOAWAY_URI_FROM_CLIENT);
    }
    this.received = true;
  }
}
