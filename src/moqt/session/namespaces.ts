// draft-14 names a PUBLISH_NAMESPACE by its namespace in PUBLISH_NAMESPACE_DONE and
// PUBLISH_NAMESPACE_CANCEL; draft-16 by its Request ID. This registry maps between
// the two so the session API can use Request IDs in both drafts.
import type { PublishNamespaceTarget } from "../wire/control/namespace/target.ts";
import { bytesEqual, type TrackNamespace } from "../wire/namespace.ts";

/** A PUBLISH_NAMESPACE as far as it is known: by Request ID, namespace, or both. */
export interface NamespaceRef {
  readonly requestId?: number;
  readonly trackNamespace?: TrackNamespace;
}

function sameNamespace(a: TrackNamespace, b: TrackNamespace): boolean {
  return a.length === b.length && a.every((f, i) => bytesEqual(f, b[i]!));
}

/** PUBLISH_NAMESPACE requests of one direction, by Request ID. */
export class NamespaceRegistry {
  private readonly byId = new Map<number, TrackNamespace>();

  add(requestId: number, ns: TrackNamespace): void {
    this.byId.set(requestId, ns);
  }

  /** The wire target naming `requestId` in `draft`, removing it; undefined if unknown. */
  take(requestId: number, draft: 14 | 16): PublishNamespaceTarget | undefined {
    const ns = this.byId.get(requestId);
    if (ns === undefined) return undefined;
    this.byId.delete(requestId);
    return draft === 14 ? { trackNamespace: ns } : { requestId };
  }

  /** Completes a received target with what is known, removing the entry. */
  resolve(target: PublishNamespaceTarget): NamespaceRef {
    if (target.requestId !== undefined) {
      const ns = this.byId.get(target.requestId);
      this.byId.delete(target.requestId);
      return ns === undefined
        ? { requestId: target.requestId }
        : { requestId: target.requestId, trackNamespace: ns };
    }
    const wanted = target.trackNamespace;
    if (wanted === undefined) return {};
    for (const [requestId, ns] of this.byId) {
      if (sameNamespace(ns, wanted)) {
        this.byId.delete(requestId);
        return { requestId, trackNamespace: ns };
      }
    }
    return { trackNamespace: wanted };
  }
}
