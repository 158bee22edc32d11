// Serving one FETCH (draft-14/16 §"Fetch Handling"): one stream, Objects in the
// requested Group order and Object ID order within a Group, FIN at the end;
// FETCH_CANCEL resets it (§"Fetch State Management"). The items come from the
// cache or from an upstream FETCH.
import {
  type FetchItem,
  type FetchStreamWriter,
  type MoqtSession,
  StreamResetCode,
  sendOrderFor,
} from "../../../src/moqt/session/index.ts";
import type { GroupOrder } from "../../../src/moqt/wire/index.ts";
import type { StreamJob } from "./outbox.ts";

/** A FETCH response stream waiting for, then using, a stream slot. */
export class FetchJob implements StreamJob {
  readonly ready = true;
  private cancelled = false;
  private writer: FetchStreamWriter | undefined;

  constructor(
    private readonly session: MoqtSession,
    readonly requestId: number,
    private readonly items: Iterable<FetchItem> | AsyncIterable<FetchItem>,
    private readonly priority: { subscriberPriority: number; groupOrder: GroupOrder },
    private readonly onDone: () => void,
    private readonly onCancel: () => void = () => undefined,
  ) {}

  get sendOrder(): number {
    return sendOrderFor({
      subscriberPriority: this.priority.subscriberPriority,
      publisherPriority: 128,
      groupId: 0,
      groupOrder: this.priority.groupOrder,
    });
  }

  /** FETCH_CANCEL or the session ended. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.onCancel();
    this.writer?.reset(StreamResetCode.CANCELLED).catch(() => undefined);
  }

  start(release: () => void): void {
    void this.run().finally(() => {
      release();
      this.onDone();
    });
  }

  private async run(): Promise<void> {
    if (this.cancelled) return;
    try {
      const writer = await this.session.openFetchStream(this.requestId, {
        sendOrder: this.sendOrder,
      });
      this.writer = writer;
      for await (const item of this.items) {
        if (this.cancelled) return;
        await writer.write(item);
      }
      if (!this.cancelled) await writer.close();
    } catch {
      // The upstream FETCH failed mid-way, or this stream did: abandon it.
      this.onCancel();
      this.writer?.reset(StreamResetCode.INTERNAL_ERROR).catch(() => undefined);
    }
  }
}
