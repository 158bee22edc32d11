import fc from "fast-check";

/** Cut positions for splitting a buffer into chunks (any count, any sizes). */
export const cuts: fc.Arbitrary<number[]> = fc.array(fc.nat({ max: 1 << 20 }), { maxLength: 12 });

/** `bytes` split at `cutsAt` (taken modulo the length); empty chunks are dropped. */
export function split(bytes: Uint8Array, cutsAt: readonly number[]): Uint8Array[] {
  if (bytes.length === 0) return [];
  const points = [...new Set(cutsAt.map((c) => c % bytes.length))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    if (p > from) out.push(bytes.slice(from, p));
    from = p;
  }
  return out;
}

/** Joins byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A stream that delivers `chunks` then ends with a FIN. */
export function streamOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      const next = chunks[i++];
      if (next === undefined) c.close();
      else c.enqueue(next);
    },
  });
}

/** Writes `chunks` one by one to a stream and ends it with a FIN. */
export async function writeChunks(
  stream: WritableStream<Uint8Array>,
  chunks: readonly Uint8Array[],
): Promise<void> {
  const w = stream.getWriter();
  for (const c of chunks) await w.write(c);
  await w.close();
}
