// Subscribing by capability (seed 000 "Namespacing & routing": subscribers and
// modules select by intent): the one track under a prefix whose publisher
// declared that capability, found through the client's namespace watch.

import { namespaceHasPrefix } from "../wire/namespace.ts";
import { MoqtClientError, MoqtClientErrorCode } from "./errors.ts";
import type { NamespaceWatch, WatchedTrack } from "./namespace-watch.ts";
import type { SessionLink } from "./session-link.ts";
import type { TrackInfo } from "./track-metadata.ts";
import type { NamespaceName, TrackName } from "./track-name.ts";

/** Picks a track by what it is for rather than by name (`subscribe*(ns, { capability }, …)`). */
export interface TrackSelector {
  /** The routing intent ("asr", "ros.telemetry") of the one track under `ns` to subscribe to. */
  readonly capability: string;
}

/**
 * How long after the relay answered the SUBSCRIBE_NAMESPACE the tracks it
 * offered count as the ones present (the offers follow the answer at once).
 */
export const PICK_SETTLE_MS = 250;

/** The pick of one subscription: waits until exactly one track matches. */
export class CapabilityPick {
  /** @internal */
  readonly queueKey: string;
  /** Watch errors (a refused SUBSCRIBE_NAMESPACE) go here. */
  onError: (e: MoqtClientError) => void = () => undefined;
  private readonly leave: () => void;
  private poke: (() => void) | undefined;
  /** The session whose end already wakes the pick (one listener per session, not per nap). */
  private watchedLink: SessionLink | undefined;

  constructor(
    private readonly watch: NamespaceWatch,
    readonly scope: NamespaceName,
    readonly capability: string,
  ) {
    this.queueKey = `sub?${scope.key}#${capability}`;
    const wake = () => this.poke?.();
    this.leave = watch.join({
      seen: wake,
      ended: wake,
      answered: wake,
      error: (e) => this.onError(e),
    });
  }

  /** The matching tracks known now. */
  matches(): WatchedTrack[] {
    return this.watch
      .known()
      .filter(
        (t) =>
          namespaceHasPrefix(t.trackNamespace, this.scope.trackNamespace) &&
          t.track.capability === this.capability,
      );
  }

  /**
   * Waits on `link` until exactly one track matches and returns it (a draft-14
   * track matches once its first Object told its capability); undefined
   * when `signal` aborts or the session ends first. None after `waitMs` (from
   * the answer on), or several, are reported once each with `report`; the pick
   * goes on waiting.
   */
  async pick(
    link: SessionLink,
    waitMs: number,
    signal: AbortSignal,
    report: (e: MoqtClientError) => void,
  ): Promise<Picked | undefined> {
    let reported = "";
    const tell = (what: string, e: () => MoqtClientError) => {
      if (reported === what) return;
      reported = what;
      report(e());
    };
    while (!signal.aborted && !link.isClosed) {
      const answeredAtMs = this.watch.answeredAtMs(link);
      const sinceMs = answeredAtMs === undefined ? 0 : Date.now() - answeredAtMs;
      const m = this.matches();
      if (answeredAtMs === undefined || sinceMs < PICK_SETTLE_MS || this.watch.learning) {
        await this.nap(
          link,
          signal,
          answeredAtMs === undefined ? undefined : PICK_SETTLE_MS - sinceMs,
        );
      } else if (m.length === 1) {
        return picked(m[0]!);
      } else if (m.length > 1) {
        const names = m.map((t) => `${t.track.namespace}:${t.track.name}`).sort();
        tell(names.join(","), () => this.ambiguous(names));
        await this.nap(link, signal);
      } else if (sinceMs < waitMs + PICK_SETTLE_MS) {
        await this.nap(link, signal, waitMs + PICK_SETTLE_MS - sinceMs);
      } else {
        tell("none", () => this.none(waitMs));
        await this.nap(link, signal);
      }
    }
    return undefined;
  }

  /** Leaves the watch. */
  close(): void {
    this.leave();
    this.poke?.();
  }

  private none(waitMs: number): MoqtClientError {
    const waited = waitMs > 0 ? ` after waiting ${waitMs} ms` : "";
    return new MoqtClientError(
      MoqtClientErrorCode.NO_MATCHING_TRACK,
      `no track under "${this.scope.namespace}" has capability "${this.capability}"${waited}; subscribing once one appears`,
    );
  }

  private ambiguous(names: readonly string[]): MoqtClientError {
    return new MoqtClientError(
      MoqtClientErrorCode.AMBIGUOUS_CAPABILITY,
      `${names.length} tracks under "${this.scope.namespace}" have capability "${this.capability}" (${names.join(", ")}); subscribe to one by name, or wait until only one is left`,
    );
  }

  /** Until the watch changes, `ms` pass, the session ends or `signal` aborts. */
  private nap(link: SessionLink, signal: AbortSignal, ms?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, Math.max(0, ms));
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
      this.poke = done;
      signal.addEventListener("abort", done, { once: true });
      if (this.watchedLink !== link) {
        this.watchedLink = link;
        void link.closed.then(() => this.poke?.());
      }
    });
  }
}

/** A picked track and what the watch knows of it. */
export interface Picked {
  readonly track: TrackName;
  readonly info: TrackInfo;
}

function picked(t: WatchedTrack): Picked {
  const { namespace, name, info } = t.track;
  const track = {
    namespace,
    name,
    trackNamespace: t.trackNamespace,
    trackName: t.trackName,
    key: t.key,
  };
  return { track, info };
}
