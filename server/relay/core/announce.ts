// Telling SUBSCRIBE_NAMESPACE subscribers about published namespaces: draft-16
// NAMESPACE / NAMESPACE_DONE on the request's stream, draft-14 PUBLISH_NAMESPACE /
// PUBLISH_NAMESPACE_DONE (§"Publishing Namespaces": a relay MUST send them).
import { namespaceKey, type TrackNamespace } from "./names.ts";
import type { NamespaceWatch } from "./namespace-watch.ts";
import type { RelayPeer } from "./peer.ts";

/** Announces `ns` to `w` unless already announced. */
export function announceNamespace(w: NamespaceWatch<RelayPeer>, ns: TrackNamespace): void {
  if (!w.open || !w.namespaces) return;
  const key = namespaceKey(ns);
  if (w.announced.has(key)) return;
  if (w.announcer !== undefined) {
    w.announcer.announce(ns);
    w.announced.set(key, Promise.resolve(undefined));
    return;
  }
  const session = w.peer.session;
  const answered = session.publishNamespace({ trackNamespace: ns }).then(
    (ok) => ok.requestId,
    () => undefined,
  );
  w.announced.set(key, answered);
}

/** Withdraws an announced `ns` from `w`. */
export function withdrawNamespace(w: NamespaceWatch<RelayPeer>, ns: TrackNamespace): void {
  const key = namespaceKey(ns);
  const announced = w.announced.get(key);
  if (announced === undefined) return;
  w.announced.delete(key);
  if (!w.open) return;
  if (w.announcer !== undefined) {
    w.announcer.withdraw(ns);
    return;
  }
  const session = w.peer.session;
  void announced.then((requestId) => {
    if (requestId === undefined || session.isClosed) return;
    try {
      session.publishNamespaceDone(requestId);
    } catch {
      // the subscriber cancelled it (PUBLISH_NAMESPACE_CANCEL) meanwhile
    }
  });
}
