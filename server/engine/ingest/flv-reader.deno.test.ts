import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { FlvTagType, flvHeader, flvTag } from "./flv.ts";
import { FlvReader } from "./flv-reader.ts";

Deno.test("FLV tags written by flvTag read back, whatever the chunking", () => {
  const bodies = [Uint8Array.of(0x17, 0, 1, 2), Uint8Array.of(0xaf, 1, 9)];
  const stream = new Uint8Array([
    ...flvHeader(FlvTagType.Video),
    ...flvTag(FlvTagType.Video, 0x01020304, bodies[0]!),
    ...flvTag(FlvTagType.Audio, 40, bodies[1]!),
  ]);
  for (const step of [1, 7, stream.byteLength]) {
    const reader = new FlvReader();
    const tags = [];
    for (let i = 0; i < stream.byteLength; i += step)
      tags.push(...reader.push(stream.subarray(i, i + step)));
    assertEquals(tags, [
      { typeId: 9, timestamp: 0x01020304, payload: bodies[0] },
      { typeId: 8, timestamp: 40, payload: bodies[1] },
    ]);
  }
  throws(() => new FlvReader().push(new Uint8Array(13)), /not an FLV stream/);
});
