import assert from "node:assert/strict";
import { HeaderFirstWriter } from "./header-first-writer.ts";

/** A WritableStream recording every chunk it is given, and whether it was closed. */
function recording(): {
  stream: WritableStream<Uint8Array>;
  chunks: number[][];
  closed: boolean[];
} {
  const chunks: number[][] = [];
  const closed: boolean[] = [];
  const stream = new WritableStream<Uint8Array>({
    write: (chunk) => void chunks.push([...chunk]),
    close: () => void closed.push(true),
  });
  return { stream, chunks, closed };
}

Deno.test("header-first writer: the header and the first chunk are one write", async () => {
  const { stream, chunks, closed } = recording();
  const writer = new HeaderFirstWriter(stream.getWriter(), Uint8Array.of(0x40, 0x54, 0));
  await writer.write(Uint8Array.of(1, 2));
  await writer.write(Uint8Array.of(3));
  await writer.close();
  assert.deepEqual(chunks, [[0x40, 0x54, 0, 1, 2], [3]]);
  assert.deepEqual(closed, [true]);
});

Deno.test("header-first writer: a stream closed without data still carries its header", async () => {
  const { stream, chunks, closed } = recording();
  const writer = new HeaderFirstWriter(stream.getWriter(), Uint8Array.of(0x40, 0x54, 4));
  await writer.close();
  assert.deepEqual(chunks, [[0x40, 0x54, 4]]);
  assert.deepEqual(closed, [true]);
});

Deno.test("header-first writer: an aborted stream sends nothing", async () => {
  const { stream, chunks } = recording();
  const writer = new HeaderFirstWriter(stream.getWriter(), Uint8Array.of(0x40, 0x54, 0));
  await writer.abort(new Error("gone"));
  await assert.rejects(writer.write(Uint8Array.of(1)));
  assert.deepEqual(chunks, []);
});
