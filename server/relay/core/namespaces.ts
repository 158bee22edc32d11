// Namespaces published to the relay (PUBLISH_NAMESPACE), by session, and the
// Namespace Prefix Matching of draft-14/16 §"Publisher Interactions".
import { namespaceHasPrefix, namespaceKey, type TrackNamespace } from "./names.ts";

/** A session that published namespaces. */
export interface NamespacePublisher {
  readonly id: number;
}

interface Entry<P> {
  readonly namespace: TrackNamespace;
  /** Publishing sessions and their PUBLISH_NAMESPACE Request IDs. */
  readonly by: Map<P, Set<number>>;
}

/** Published namespaces. */
export class NamespaceTable<P extends NamespacePublisher> {
  private readonly entries = new Map<string, Entry<P>>();

  /** Records a PUBLISH_NAMESPACE; true when nobody published `ns` before. */
  add(peer: P, requestId: number, ns: TrackNamespace): boolean {
    const key = namespaceKey(ns);
    let e = this.entries.get(key);
    const fresh = e === undefined;
    if (e === undefined) {
      e = { namespace: ns, by: new Map() };
      this.entries.set(key, e);
    }
    const ids = e.by.get(peer) ?? new Set<number>();
    ids.add(requestId);
    e.by.set(peer, ids);
    return fresh;
  }

  /** Withdraws one PUBLISH_NAMESPACE; true when nobody publishes `ns` any more. */
  remove(peer: P, requestId: number, ns: TrackNamespace): boolean {
    const key = namespaceKey(ns);
    const e = this.entries.get(key);
    if (e === undefined) return false;
    const ids = e.by.get(peer);
    ids?.delete(requestId);
    if (ids !== undefined && ids.size === 0) e.by.delete(peer);
    if (e.by.size > 0) return false;
    this.entries.delete(key);
    return true;
  }

  /** Whether `peer` published exactly `ns`. */
  publishedBy(peer: P, ns: TrackNamespace): boolean {
    return this.entries.get(namespaceKey(ns))?.by.has(peer) ?? false;
  }

  /** Sessions that published `ns` or a prefix of it (they receive SUBSCRIBEs for it). */
  publishersFor(ns: TrackNamespace): P[] {
    const out = new Set<P>();
    for (const e of this.entries.values()) {
      if (!namespaceHasPrefix(ns, e.namespace)) continue;
      for (const p of e.by.keys()) out.add(p);
    }
    return [...out];
  }

  /** Published namespaces starting with `prefix`. */
  under(prefix: TrackNamespace): TrackNamespace[] {
    const out: TrackNamespace[] = [];
    for (const e of this.entries.values()) {
      if (namespaceHasPrefix(e.namespace, prefix)) out.push(e.namespace);
    }
    return out;
  }
}
