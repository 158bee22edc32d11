// Upload bytes on disk, one directory per asset: `upload.bin` (its size is the
// confirmed offset), `upload.json` (declared length, completion), and later the
// packaged `cmaf/` directory.

/** What is known of one upload. */
export interface UploadState {
  /** Bytes received and stored: where the next PATCH must start. */
  readonly offset: number;
  /** The total size, once declared. */
  readonly length: number | undefined;
  /** True once every byte arrived; the upload can no longer change. */
  readonly complete: boolean;
}

/** How an `append` ended. */
export type AppendResult =
  | { readonly kind: "done"; readonly offset: number }
  /** The body went past `limit`; the bytes of this request were dropped. */
  | { readonly kind: "overflow"; readonly offset: number }
  /** The client went away mid-body; the bytes received so far are kept. */
  | { readonly kind: "interrupted"; readonly offset: number };

interface Meta {
  length?: number;
  complete?: boolean;
}

/**
 * Request body bytes gathered per file write: bodies arrive in pieces of about
 * 64 KiB, and one write (a round trip to the I/O thread) per piece costs more
 * than the copy that joins them.
 */
export const WRITE_BYTES = 1 << 20;

async function writeAll(file: Deno.FsFile, pieces: readonly Uint8Array[]): Promise<number> {
  const n = pieces.reduce((sum, p) => sum + p.byteLength, 0);
  const bytes = pieces.length === 1 ? pieces[0]! : new Uint8Array(n);
  if (pieces.length > 1) {
    let at = 0;
    for (const p of pieces) {
      bytes.set(p, at);
      at += p.byteLength;
    }
  }
  for (let at = 0; at < n; ) at += await file.write(bytes.subarray(at));
  return n;
}

/** The uploads under one directory. */
export class UploadStore {
  readonly #locked = new Set<string>();

  constructor(readonly root: string) {}

  dir(assetId: string): string {
    return `${this.root}/${assetId}`;
  }

  dataPath(assetId: string): string {
    return `${this.dir(assetId)}/upload.bin`;
  }

  /** Where the packaged CMAF files of `assetId` live. */
  packagePath(assetId: string): string {
    return `${this.dir(assetId)}/cmaf`;
  }

  async #meta(assetId: string): Promise<Meta> {
    try {
      return JSON.parse(await Deno.readTextFile(`${this.dir(assetId)}/upload.json`)) as Meta;
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return {};
      throw e;
    }
  }

  async #writeMeta(assetId: string, meta: Meta): Promise<void> {
    const path = `${this.dir(assetId)}/upload.json`;
    await Deno.mkdir(this.dir(assetId), { recursive: true });
    await Deno.writeTextFile(`${path}.tmp`, JSON.stringify(meta));
    await Deno.rename(`${path}.tmp`, path);
  }

  async state(assetId: string): Promise<UploadState> {
    const meta = await this.#meta(assetId);
    let offset = 0;
    try {
      offset = (await Deno.stat(this.dataPath(assetId))).size;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    return { offset, length: meta.length, complete: meta.complete === true };
  }

  async setLength(assetId: string, length: number): Promise<void> {
    await this.#writeMeta(assetId, { ...(await this.#meta(assetId)), length });
  }

  async markComplete(assetId: string, length: number): Promise<void> {
    await this.#writeMeta(assetId, { length, complete: true });
  }

  /** Takes the upload's write lock; false when another request holds it. */
  lock(assetId: string): boolean {
    if (this.#locked.has(assetId)) return false;
    this.#locked.add(assetId);
    return true;
  }

  unlock(assetId: string): void {
    this.#locked.delete(assetId);
  }

  /**
   * Appends `body` at `offset` (the current size), never past `limit` bytes in
   * total. An overflowing request is rolled back to `offset`; an interrupted one
   * keeps what arrived, so the client resumes from there. The offset returned
   * is on disk (fdatasync) before it is confirmed to the client.
   */
  async append(
    assetId: string,
    offset: number,
    body: ReadableStream<Uint8Array> | null,
    limit: number,
  ): Promise<AppendResult> {
    await Deno.mkdir(this.dir(assetId), { recursive: true });
    const file = await Deno.open(this.dataPath(assetId), { write: true, create: true });
    let at = offset;
    try {
      await file.truncate(offset);
      await file.seek(offset, Deno.SeekMode.Start);
      if (body === null) return { kind: "done", offset };
      const pending: Uint8Array[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        at += await writeAll(file, pending.splice(0));
        pendingBytes = 0;
      };
      try {
        for await (const chunk of body) {
          if (at + pendingBytes + chunk.byteLength > limit) {
            await file.truncate(offset);
            return { kind: "overflow", offset };
          }
          pending.push(chunk);
          pendingBytes += chunk.byteLength;
          if (pendingBytes >= WRITE_BYTES) await flush();
        }
        await flush();
      } catch {
        await flush().catch(() => {});
        await file.syncData().catch(() => {});
        return { kind: "interrupted", offset: at };
      }
      await file.syncData();
      return { kind: "done", offset: at };
    } finally {
      file.close();
    }
  }

  /** Every asset id with an upload directory. */
  async *assetIds(): AsyncGenerator<string> {
    try {
      for await (const entry of Deno.readDir(this.root)) if (entry.isDirectory) yield entry.name;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
}
