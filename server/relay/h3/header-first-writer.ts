type Writer = WritableStreamDefaultWriter<Uint8Array>;

/**
 * A writer that puts a stream header in front of the first chunk, so that a
 * WebTransport stream's 0x54/0x41 header (draft-ietf-webtrans-http3 §4.2, §4.3)
 * and its first data leave in one write (one op, one STREAM frame) instead of two.
 * A stream closed without data still sends its header before the FIN.
 */
export class HeaderFirstWriter implements Writer {
  readonly #inner: Writer;
  #header: Uint8Array | undefined;

  constructor(inner: Writer, header: Uint8Array) {
    this.#inner = inner;
    this.#header = header;
  }

  get closed(): Writer["closed"] {
    return this.#inner.closed;
  }

  get ready(): Writer["ready"] {
    return this.#inner.ready;
  }

  get desiredSize(): number | null {
    return this.#inner.desiredSize;
  }

  write(chunk: Uint8Array): Promise<void> {
    const header = this.#header;
    if (header === undefined) return this.#inner.write(chunk);
    this.#header = undefined;
    const both = new Uint8Array(header.length + chunk.length);
    both.set(header);
    both.set(chunk, header.length);
    return this.#inner.write(both);
  }

  close(): Promise<void> {
    const header = this.#header;
    this.#header = undefined;
    if (header !== undefined) this.#inner.write(header).catch(() => {}); // a failure fails close too
    return this.#inner.close();
  }

  abort(reason?: unknown): Promise<void> {
    this.#header = undefined;
    return this.#inner.abort(reason);
  }

  releaseLock(): void {
    this.#inner.releaseLock();
  }
}
