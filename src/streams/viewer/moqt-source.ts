// The live source: a MoqtClient session, the `.catalog` track (newest object
// first) and one video-kind subscription per selected media track, which starts
// at the newest Group (a Joining FETCH) and drops what follows a gap until the
// next Group.
import {
  ConnectionState,
  MoqtClient,
  MoqtClientErrorCode,
  type MoqtClientOptions,
  type Subscription,
} from "../../moqt/index.ts";
import { TypedEmitter } from "../../moqt/session/emitter.ts";
import { BroadcastViewerError, BroadcastViewerErrorCode as Code } from "../broadcast-errors.ts";
import { CATALOG_TRACK, parseCatalog } from "../catalog.ts";
import type { PlaybackTarget } from "./playback-target.ts";
import type { BroadcastSource, BroadcastSourceEvents } from "./source.ts";

export class MoqtSource implements BroadcastSource {
  private readonly events = new TypedEmitter<BroadcastSourceEvents>();
  private readonly client: MoqtClient;
  private readonly subs = new Map<string, Subscription>();
  private failed = false;

  /**
   * `failFast`: the first connection fails at its first failed attempt instead
   * of retrying (the viewer then has LL-HLS to fall back on); once connected,
   * losses are retried as usual.
   */
  constructor(
    private readonly target: PlaybackTarget,
    options: Omit<MoqtClientOptions, "token" | "signal"> = {},
    private readonly failFast = false,
  ) {
    this.client = MoqtClient.connect(target.url, {
      ...options,
      ...(target.token !== undefined && { token: target.token }),
    });
    this.client.on("state", ({ state }) => {
      if (state === ConnectionState.Failed) this.fail(this.client.error);
    });
    this.client.subscribeFrame(target.namespace, CATALOG_TRACK, (_ts, _p, bytes) => {
      try {
        this.events.emit("catalog", parseCatalog(bytes));
      } catch (e) {
        this.events.emit(
          "error",
          new BroadcastViewerError(Code.INVALID_CATALOG, (e as Error).message, {
            fatal: true,
            cause: e,
          }),
        );
      }
    });
  }

  on<K extends keyof BroadcastSourceEvents>(
    type: K,
    listener: (e: BroadcastSourceEvents[K]) => void,
  ) {
    return this.events.on(type, listener);
  }

  async ready(): Promise<void> {
    try {
      if (!this.failFast) await this.client.connected();
      else {
        let off = () => {};
        const failed = new Promise<never>((_, reject) => {
          off = this.client.on("retry", (r) => reject(r.error));
        });
        await Promise.race([this.client.connected(), failed]).finally(off);
      }
    } catch (e) {
      throw this.error(this.client.error ?? e);
    }
  }

  select(tracks: readonly string[]): void {
    for (const [name, sub] of this.subs) {
      if (!tracks.includes(name)) {
        void sub.close();
        this.subs.delete(name);
      }
    }
    for (const name of tracks) {
      if (this.subs.has(name)) continue;
      const sub = this.client.subscribeVideo(this.target.namespace, name, (tsUs, bytes, keyframe) =>
        this.events.emit("object", { track: name, bytes, tsUs, groupStart: keyframe }),
      );
      this.subs.set(name, sub);
    }
  }

  private fail(e: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.events.emit("error", this.error(e));
  }

  private error(e: unknown): BroadcastViewerError {
    const code = (e as { code?: string } | undefined)?.code;
    const message = e instanceof Error ? e.message : String(e);
    return code === MoqtClientErrorCode.AUTH_REFUSED
      ? new BroadcastViewerError(
          Code.AUTH_FAILED,
          `the relay refused the playback token (${message})`,
          { fatal: true, cause: e },
        )
      : new BroadcastViewerError(Code.CONNECTION_FAILED, message, { fatal: true, cause: e });
  }

  async close(): Promise<void> {
    this.subs.clear();
    this.events.removeAll();
    await this.client.close();
  }
}
