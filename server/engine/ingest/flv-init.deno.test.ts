// Init segments from FLV sequence headers match the ones the remuxer's ffmpeg
// writes for the same stream (size, timescale, codec string, avcC).
// Run: npx deno test -A server/engine/ingest/flv-init.deno.test.ts
import { ok as assert, deepStrictEqual as assertEquals } from "node:assert/strict";
import { find, root } from "../media/boxes.ts";
import { codecString } from "../media/codec-string.ts";
import { initFacts } from "../media/track-info.ts";
import { FlvTagType } from "./flv.ts";
import { initFromSequenceHeader } from "./flv-init.ts";
import { FlvReader } from "./flv-reader.ts";
import { TrackRemuxer } from "./remux.ts";

async function ffmpeg(args: string[]): Promise<Uint8Array> {
  const out = await new Deno.Command("ffmpeg", {
    args: ["-hide_banner", "-v", "error", ...args],
    stdout: "piped",
  }).output();
  assert(out.success, "ffmpeg ran");
  return out.stdout;
}

/** ffmpeg's own init segment for one kind of `tags`, from the ingest remuxer. */
function remuxerInit(kind: FlvTagType, tags: ReturnType<FlvReader["push"]>): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const remuxer = new TrackRemuxer(kind, true, {
      init: (init) => {
        remuxer.kill();
        resolve(init);
      },
      fragment: () => {},
      failed: reject,
    });
    for (const t of tags) if (t.typeId === kind) remuxer.write(t.timestamp, t.payload);
    void remuxer.close();
  });
}

const avcC = (init: Uint8Array) => {
  const entry = find(init, root(init), ["moov", "trak", "mdia", "minf", "stbl", "stsd"])!;
  // stsd: version/flags, count, then avc1 (8-byte header + 78 bytes of fields) holding avcC.
  const at = entry.payload + 8 + 8 + 78;
  const size = new DataView(init.buffer, init.byteOffset).getUint32(at);
  return init.slice(at, at + size);
};

for (const [size, profile, rate, layout] of [
  ["318x238", "high", 44100, "stereo"], // cropped on both axes, High profile SPS
  ["1280x720", "baseline", 48000, "mono"],
] as const) {
  Deno.test(`FLV sequence headers give ffmpeg's init segments: ${size} ${profile}, ${rate} Hz ${layout}`, async () => {
    const flv = await ffmpeg([
      ...["-f", "lavfi", "-i", `testsrc2=size=${size}:rate=30`],
      ...["-f", "lavfi", "-i", `sine=sample_rate=${rate}`],
      ...["-t", "0.5", "-c:v", "libx264", "-profile:v", profile, "-pix_fmt", "yuv420p"],
      ...["-c:a", "aac", "-ac", layout === "mono" ? "1" : "2", "-f", "flv", "pipe:1"],
    ]);
    const tags = new FlvReader().push(flv);
    for (const kind of [FlvTagType.Video, FlvTagType.Audio]) {
      const header = tags.find((t) => t.typeId === kind)!;
      const ours = initFromSequenceHeader(kind, header.payload);
      assert(ours !== undefined, `an init segment from the ${kind} sequence header`);
      const theirs = await remuxerInit(kind, tags);
      // ffmpeg writes channelcount 2 in every mp4a entry; ours says what the AudioSpecificConfig says.
      const channels = kind === FlvTagType.Audio ? (layout === "mono" ? 1 : 2) : 0;
      assertEquals(initFacts(ours), { ...initFacts(theirs), channels });
      assertEquals(codecString(ours, "LC"), codecString(theirs, "LC"));
      if (kind === FlvTagType.Video) assertEquals(avcC(ours), avcC(theirs));
    }
    const [w, h] = size.split("x").map(Number);
    const header = tags.find((t) => t.typeId === FlvTagType.Video)!;
    const video = initFacts(initFromSequenceHeader(FlvTagType.Video, header.payload)!);
    assertEquals([video.width, video.height], [w, h]);
  });
}

Deno.test("tags other than AVC / AAC sequence headers give no init segment", () => {
  assertEquals(
    initFromSequenceHeader(FlvTagType.Video, Uint8Array.of(0x17, 1, 0, 0, 0)),
    undefined,
  );
  assertEquals(
    initFromSequenceHeader(FlvTagType.Video, Uint8Array.of(0x17, 0, 0, 0, 0, 1)),
    undefined,
  );
  assertEquals(
    initFromSequenceHeader(FlvTagType.Audio, Uint8Array.of(0xaf, 1, 0x12, 0x10)),
    undefined,
  );
  // HE-AAC (object type 5): its output rate is ffmpeg's to work out.
  assertEquals(
    initFromSequenceHeader(FlvTagType.Audio, Uint8Array.of(0xaf, 0, 0x2b, 0x92)),
    undefined,
  );
});
