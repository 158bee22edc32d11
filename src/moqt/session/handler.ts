import type { Fetch } from "../wire/control/fetch/fetch.ts";
import type { PublishNamespace } from "../wire/control/namespace/publish-namespace.ts";
import type { SubscribeNamespace } from "../wire/control/namespace/subscribe-namespace.ts";
import type { Publish } from "../wire/control/publish/publish.ts";
import type { RequestUpdate } from "../wire/control/subscribe/request-update.ts";
import type { Subscribe } from "../wire/control/subscribe/subscribe.ts";
import type { TrackStatus } from "../wire/control/track-status/track-status.ts";
import type { FetchAccept, PublishAccept, RequestAccept, SubscribeAccept } from "./answers.ts";
import type { NamespaceAnnouncer } from "./namespace-announcer.ts";
import type { MoqtSession } from "./session.ts";

/** A value or a promise of it. */
export type Awaitable<T> = T | Promise<T>;

/**
 * How the owner of a session (client or relay) answers the peer's requests.
 * Each method receives the decoded request and returns the accept value, or
 * throws `MoqtRequestError.reject(...)` to answer with an error; any other
 * exception answers INTERNAL_ERROR. A request without a method is answered
 * NOT_SUPPORTED (§"Modularity"). The answer is encoded in the negotiated draft.
 */
export interface MoqtRequestHandler {
  subscribe?(req: Subscribe, session: MoqtSession): Awaitable<SubscribeAccept>;
  fetch?(req: Fetch, session: MoqtSession): Awaitable<FetchAccept>;
  publish?(req: Publish, session: MoqtSession): Awaitable<PublishAccept>;
  publishNamespace?(
    req: PublishNamespace,
    session: MoqtSession,
  ): Awaitable<RequestAccept | undefined>;
  /**
   * draft-16 passes an announcer for NAMESPACE / NAMESPACE_DONE on the request's
   * own stream (usable once this resolves); draft-14 has none (the matching
   * namespaces are sent as PUBLISH_NAMESPACE requests instead).
   */
  subscribeNamespace?(
    req: SubscribeNamespace,
    session: MoqtSession,
    announcer: NamespaceAnnouncer | undefined,
  ): Awaitable<RequestAccept | undefined>;
  trackStatus?(req: TrackStatus, session: MoqtSession): Awaitable<RequestAccept | undefined>;
  /** draft-14 SUBSCRIBE_UPDATE has no answer: what this returns or throws is not sent. */
  requestUpdate?(req: RequestUpdate, session: MoqtSession): Awaitable<RequestAccept | undefined>;
}
