// The relay's answers to one session's requests, with the handling every request
// shares: binding the session, and session errors (token aliases, a Joining FETCH
// without Largest Object) closing that session only.
import {
  type MoqtRequestHandler,
  type MoqtSession,
  MoqtSessionError,
} from "../../../src/moqt/session/index.ts";
import type { RelayContext } from "./context.ts";
import type { RelayPeer } from "./peer.ts";
import { onFetch } from "./requests/fetch.ts";
import { onPublish } from "./requests/publish.ts";
import { onPublishNamespace } from "./requests/publish-namespace.ts";
import { onRequestUpdate } from "./requests/request-update.ts";
import { onSubscribe } from "./requests/subscribe.ts";
import { onSubscribeNamespace } from "./requests/subscribe-namespace.ts";
import { onTrackStatus } from "./requests/track-status.ts";

/** The request handler of `peer`'s session. */
export function relayHandler(ctx: RelayContext, peer: RelayPeer): MoqtRequestHandler {
  const run = async <T>(
    session: MoqtSession,
    kind: string,
    fn: () => T | Promise<T>,
  ): Promise<T> => {
    peer.bind(session);
    try {
      return await fn();
    } catch (e) {
      if (e instanceof MoqtSessionError) {
        ctx.options.logger.log("warn", "session.violation", {
          session: peer.id,
          address: peer.origin.address,
          request: kind,
          code: e.termination,
          reason: e.reason,
        });
        session.close(e.termination, e.reason);
      }
      throw e;
    }
  };
  return {
    subscribe: (req, s) => run(s, "subscribe", () => onSubscribe(ctx, peer, req)),
    publish: (req, s) => run(s, "publish", () => onPublish(ctx, peer, req)),
    fetch: (req, s) => run(s, "fetch", () => onFetch(ctx, peer, req)),
    publishNamespace: (req, s) =>
      run(s, "publishNamespace", () => onPublishNamespace(ctx, peer, req)),
    subscribeNamespace: (req, s, announcer) =>
      run(s, "subscribeNamespace", () => onSubscribeNamespace(ctx, peer, req, announcer)),
    trackStatus: (req, s) => run(s, "trackStatus", () => onTrackStatus(ctx, peer, req)),
    requestUpdate: (req, s) => run(s, "requestUpdate", () => onRequestUpdate(ctx, peer, req)),
  };
}
