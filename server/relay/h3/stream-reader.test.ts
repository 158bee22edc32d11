import assert from "node:assert/strict";
import { StreamReader, UnexpectedEndError } from "./stream-reader.ts";

const bytes = (text: string) =>
  Uint8Array.from(text.match(/../g) ?? [], (h) => Number.parseInt(h, 16));

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  return ReadableStream.from(chunks.map(bytes));
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  let out = "";
  for await (const chunk of stream) {
    out += Array.from(chunk, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  return out;
}

Deno.test("stream reader: stream header split across chunks, then the rest", async () => {
  // 0x54 as a 2-byte varint, session id 0, then payload, split mid-varint
  const reader = new StreamReader(streamOf("40", "5400aa", "bbcc"));
  assert.equal(await reader.varint(), 0x54);
  assert.equal(await reader.varint(), 0);
  assert.equal(await readAll(reader.remainder()), "aabbcc");
});

Deno.test("stream reader: whole frames, clean end and truncation", async () => {
  const reader = new StreamReader(streamOf("0003", "0102", "03", "04"));
  assert.deepEqual(await reader.frame(16), { type: 0, payload: bytes("010203") });
  await assert.rejects(reader.frame(16), UnexpectedEndError); // type 4 without length
  const empty = new StreamReader(streamOf());
  assert.equal(await empty.varint(), undefined);
  assert.equal(await empty.frame(16), undefined);
  await assert.rejects(new StreamReader(streamOf("0005aa")).frame(16), UnexpectedEndError);
  await assert.rejects(new StreamReader(streamOf("0011")).frame(16), RangeError); // over the limit
});

Deno.test("stream reader: remainder reports its end; terminate errors it", async () => {
  let finished = 0;
  const reader = new StreamReader(streamOf("40", "4100", "ff")); // WT_STREAM 0x41, session 0
  assert.equal(await reader.varint(), 0x41);
  assert.equal(await reader.varint(), 0);
  const rest = reader.remainder(() => finished++);
  assert.equal(await readAll(rest), "ff");
  assert.equal(finished, 1);

  const never = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
  const stuck = new StreamReader(never);
  const stuckRest = stuck.remainder(() => finished++);
  const pending = stuckRest.getReader().read();
  stuck.terminate(new Error("session gone"));
  await assert.rejects(pending, /session gone/);
  assert.equal(finished, 2);
});
