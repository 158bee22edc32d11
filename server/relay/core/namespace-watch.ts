// SUBSCRIBE_NAMESPACE registrations (draft-14/16 §"Subscribing to Namespaces"):
// which session asked for which prefix, and what it was already told.
import type { NamespaceAnnouncer } from "../../../src/moqt/session/index.ts";
import { namespaceHasPrefix, type TrackNamespace } from "./names.ts";

/** One accepted SUBSCRIBE_NAMESPACE. */
export interface NamespaceWatch<P> {
  readonly peer: P;
  readonly requestId: number;
  readonly prefix: TrackNamespace;
  /** Wants NAMESPACE (draft-16) / PUBLISH_NAMESPACE (draft-14) messages. */
  readonly namespaces: boolean;
  /** Wants PUBLISH messages for matching tracks. */
  readonly publishes: boolean;
  /** Forward State for the PUBLISHes it causes (draft-16 FORWARD parameter). */
  readonly forward: boolean;
  /** draft-16: the request's own stream; draft-14: none. */
  readonly announcer: NamespaceAnnouncer | undefined;
  /** Namespaces announced to it, by key: the draft-14 PUBLISH_NAMESPACE Request ID once answered. */
  readonly announced: Map<string, Promise<number | undefined>>;
  /** Tracks offered to it by PUBLISH: track key → the track's publication generation. */
  readonly offered: Map<string, number>;
  open: boolean;
}

/** Every accepted SUBSCRIBE_NAMESPACE. */
export class NamespaceWatches<P> {
  private readonly all = new Set<NamespaceWatch<P>>();

  add(w: NamespaceWatch<P>): void {
    this.all.add(w);
  }

  remove(w: NamespaceWatch<P>): void {
    w.open = false;
    this.all.delete(w);
  }

  /** Registrations whose prefix is a prefix of `ns`. */
  matching(ns: TrackNamespace): NamespaceWatch<P>[] {
    return [...this.all].filter((w) => w.open && namespaceHasPrefix(ns, w.prefix));
  }
}
