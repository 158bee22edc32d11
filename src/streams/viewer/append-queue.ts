// Serializes SourceBuffer operations (one at a time, each after `updateend`) and
// keeps the buffer bounded: media older than `backBufferMs` behind the playhead is
// removed, and a QuotaExceededError evicts and retries once. Appends queued
// behind a running one go in together (one-frame chunks arrive faster than
// SourceBuffer updates end, a late joiner's Group all at once).

/** Appends merged into one are at most this large. */
const MAX_MERGED_BYTES = 4 << 20;

type Op =
  /** `count`: how many `append()` calls it holds (merged). */
  | { readonly kind: "append"; readonly bytes: Uint8Array; readonly count: number }
  | { readonly kind: "changeType"; readonly type: string }
  | { readonly kind: "remove"; readonly startS: number; readonly endS: number };

export class AppendQueue {
  private readonly ops: Op[] = [];
  private retried = false;
  private appendsQueued = 0;
  private appendsDone = 0;
  /** Appends in the update running now. */
  private appendsRunning = 0;
  private readonly appendWaiters: { upTo: number; resolve: () => void }[] = [];

  constructor(
    private readonly sb: SourceBuffer,
    private readonly playheadS: () => number,
    private readonly backBufferMs: number,
    private readonly onError: (e: unknown, quota: boolean) => void,
  ) {
    sb.addEventListener("updateend", () => this.next());
  }

  append(bytes: Uint8Array): void {
    this.appendsQueued++;
    this.push({ kind: "append", bytes, count: 1 });
  }

  /**
   * Resolves once every append queued so far is in the buffer (later ones may
   * still run: unlike `idle`, a steady flow of appends does not hold it back).
   */
  appended(): Promise<void> {
    if (this.appendsDone >= this.appendsQueued) return Promise.resolve();
    return new Promise((resolve) => this.appendWaiters.push({ upTo: this.appendsQueued, resolve }));
  }

  private finishAppends(count: number): void {
    this.appendsDone += count;
    while ((this.appendWaiters[0]?.upTo ?? Number.POSITIVE_INFINITY) <= this.appendsDone) {
      this.appendWaiters.shift()!.resolve();
    }
  }

  changeType(type: string): void {
    this.push({ kind: "changeType", type });
  }

  private idlers: (() => void)[] = [];

  /** Resolves once nothing is queued or in progress. */
  idle(): Promise<void> {
    if (this.ops.length === 0 && !this.sb.updating) return Promise.resolve();
    return new Promise((resolve) => this.idlers.push(resolve));
  }

  /** Operations waiting (a growing number means appends cannot keep up). */
  get pending(): number {
    return this.ops.length;
  }

  private push(op: Op): void {
    this.ops.push(op);
    if (!this.sb.updating) this.next();
  }

  private evictOld(): boolean {
    const b = this.sb.buffered;
    if (b.length === 0) return false;
    const endS = this.playheadS() - this.backBufferMs / 1000;
    if (b.start(0) >= endS) return false;
    this.ops.unshift({ kind: "remove", startS: 0, endS });
    return true;
  }

  /** The next operation, with the appends queued right behind an append merged into it. */
  private take(): Op | undefined {
    const op = this.ops.shift();
    if (op?.kind !== "append") return op;
    const parts = [op.bytes];
    let size = op.bytes.byteLength;
    let count = op.count;
    for (let o = this.ops[0]; o?.kind === "append"; o = this.ops[0]) {
      if (size + o.bytes.byteLength > MAX_MERGED_BYTES) break;
      parts.push(o.bytes);
      size += o.bytes.byteLength;
      count += o.count;
      this.ops.shift();
    }
    if (parts.length === 1) return op;
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.byteLength;
    }
    return { kind: "append", bytes, count };
  }

  private next(): void {
    if (this.sb.updating) return;
    if (this.appendsRunning > 0) {
      this.finishAppends(this.appendsRunning);
      this.appendsRunning = 0;
    }
    const op = this.take();
    if (op === undefined) {
      if (this.evictOld()) {
        this.next();
        return;
      }
      for (const f of this.idlers.splice(0)) f();
      return;
    }
    try {
      if (op.kind === "append") {
        this.sb.appendBuffer(op.bytes as Uint8Array<ArrayBuffer>);
        this.appendsRunning = op.count;
      } else if (op.kind === "remove") this.sb.remove(op.startS, op.endS);
      else {
        this.sb.changeType(op.type);
        this.next();
      }
      if (op.kind === "append") this.retried = false;
    } catch (e) {
      if (
        (e as DOMException).name === "QuotaExceededError" &&
        op.kind === "append" &&
        !this.retried
      ) {
        this.retried = true;
        this.ops.unshift(op);
        const b = this.sb.buffered;
        const endS = this.playheadS() - 1;
        if (b.length > 0 && b.start(0) < endS)
          this.ops.unshift({ kind: "remove", startS: 0, endS });
        this.next();
        return;
      }
      if (op.kind === "append") this.finishAppends(op.count); // failed, but no longer pending
      this.onError(e, (e as DOMException).name === "QuotaExceededError");
    }
  }
}
