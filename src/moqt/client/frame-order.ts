// Frames of a track travel on independent streams (one Group per frame), and
// nothing in QUIC or a relay keeps independent streams in order: a frame can
// reach the subscriber a little after the next one. The frame subscription
// promises that only a more urgent priority overtakes, so it puts frames back
// in Group order here, holding a frame behind a missing earlier Group for at
// most a short window.

/** A frame waiting for delivery. */
export interface OrderedFrame {
  readonly groupId: number;
  /** Publisher Priority, 0 most urgent. */
  readonly priority: number;
}

/** Delivers frames in Group order; a frame waits at most `windowMs` for a missing earlier one. */
export class FrameOrder<F extends OrderedFrame> {
  /** The Group delivered next in order; undefined until the first is known. */
  private nextGroup: number | undefined;
  /** Priority of the frame delivered last; nothing overtakes before the first. */
  private lastPriority = 0;
  /** Frames waiting, by Group; null marks a Group already delivered ahead of order. */
  private readonly held = new Map<number, F | null>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly windowMs: number,
    private readonly deliver: (frame: F) => void,
  ) {}

  /** The next Group in order is `groupId` (e.g. SUBSCRIBE_OK's Largest Location, or the one after it). */
  expect(groupId: number): void {
    if (this.nextGroup === undefined) this.nextGroup = groupId;
  }

  /** Takes a frame: delivered now, or held until the Groups before it arrive or the window ends. */
  push(frame: F): void {
    const g = frame.groupId;
    const next = this.nextGroup;
    if (this.windowMs <= 0 || (next !== undefined && g < next)) {
      // In-order delivery is off, or the frame comes after its successors were released.
      this.emit(frame);
      return;
    }
    if (g === next) {
      this.emit(frame);
      this.nextGroup = g + 1;
      this.release();
      return;
    }
    if (next !== undefined && frame.priority < this.lastPriority) {
      // More urgent than what flows: it may overtake the missing Groups.
      this.emit(frame);
      this.held.set(g, null);
      return;
    }
    this.held.set(g, frame);
    this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  /** Drops what is held (the subscription closed). */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.held.clear();
  }

  private emit(frame: F): void {
    this.lastPriority = frame.priority;
    this.deliver(frame);
  }

  /** Delivers the held frames that are now next in order. */
  private release(): void {
    for (let g = this.nextGroup; g !== undefined && this.held.has(g); g++) {
      const f = this.held.get(g);
      this.held.delete(g);
      if (f) this.emit(f);
      this.nextGroup = g + 1;
    }
    if (this.held.size === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
    } else {
      this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    }
  }

  /** The window ended: give up on the missing Groups and deliver what is held, in order. */
  private flush(): void {
    this.timer = undefined;
    const groups = [...this.held.keys()].sort((a, b) => a - b);
    const first = groups[0];
    if (first === undefined) return;
    this.nextGroup = first;
    this.release();
  }
}
