import type { MoqtCloseInfo } from "../session/closer.ts";
import type { MoqtSession } from "../session/session.ts";
import type { ObjectRouter } from "./object-router.ts";

/**
 * One established session as the client's handles see it: the session, its
 * routing table and the Track Aliases this end assigns to its PUBLISHes. A new
 * link is made for every (re)connect; handles attach to it and detach when it ends.
 */
export class SessionLink {
  /** Resolves when the session ended. */
  readonly closed: Promise<MoqtCloseInfo>;
  private nextAlias = 0;

  constructor(
    readonly session: MoqtSession,
    readonly router: ObjectRouter,
    /** When the session's token expires (its JWT `exp`), if known. */
    readonly tokenExpMs?: number,
  ) {
    this.closed = session.closed;
  }

  /** The negotiated draft. */
  get draft(): 14 | 16 {
    return this.session.draft;
  }

  /** Whether the session ended. */
  get isClosed(): boolean {
    return this.session.isClosed;
  }

  /** A Track Alias for a PUBLISH on this session, unique within it. */
  allocateAlias(): number {
    return this.nextAlias++;
  }
}
