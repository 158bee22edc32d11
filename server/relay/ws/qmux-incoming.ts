// Peer-opened streams waiting for the application: handed over one per read, so
// the session knows which ones were accepted (a stream's MAX_STREAMS credit comes
// back only once the application took it and it ended, RFC 9000 §4.6).

/** A queue of incoming items as a ReadableStream that pulls one per read. */
export class IncomingQueue<T> {
  readonly readable: ReadableStream<T>;
  #items: { readonly item: T; readonly accepted: () => void }[] = [];
  #controller!: ReadableStreamDefaultController<T>;
  #wanted = false;
  #done = false;

  constructor() {
    this.readable = new ReadableStream<T>(
      {
        start: (c) => {
          this.#controller = c;
        },
        pull: () => {
          this.#wanted = true;
          this.#deliver();
        },
        cancel: () => {
          this.#done = true;
          this.#items = [];
        },
      },
      { highWaterMark: 0 },
    );
  }

  /** Offers `item`; `accepted` runs when the application reads it. False once the queue is closed. */
  push(item: T, accepted: () => void): boolean {
    if (this.#done) return false;
    this.#items.push({ item, accepted });
    this.#deliver();
    return true;
  }

  /** Ends the queue: with `error`, reads fail; without, they end. Waiting items are dropped. */
  close(error?: unknown): void {
    if (this.#done) return;
    this.#done = true;
    this.#items = [];
    try {
      if (error === undefined) this.#controller.close();
      else this.#controller.error(error);
    } catch {
      // already closed
    }
  }

  #deliver(): void {
    if (!this.#wanted) return;
    const next = this.#items.shift();
    if (next === undefined) return;
    this.#wanted = false;
    this.#controller.enqueue(next.item);
    next.accepted();
  }
}
