// LL-HLS from relayed CMAF fragments: playlists validated with hls-parser,
// blocking reload, preload-hinted parts, token refusal, end of broadcast.
// Run: npx deno test -A server/engine/hls/hls.deno.test.ts

import { ok as assert, deepStrictEqual as assertEquals } from "node:assert/strict";
import { Buffer } from "node:buffer";
import HLS from "hls-parser";
import { writeFragment } from "../../../src/streams/cmaf/fragment.ts";
import { readFragment } from "../../../src/streams/cmaf/read.ts";
import { splitFragmented } from "../media/split.ts";
import { fixtureBytes } from "../vod/testing/fixtures.ts";
import { HlsBroadcast } from "./hls-broadcast.ts";
import { handleHls } from "./serve-hls.ts";

HLS.setOptions({ strictMode: true });
const opts = { sanitizeOps: false, sanitizeResources: false };
const GOOD = "good-token";

async function liveTracks() {
  const video = splitFragmented(await fixtureBytes("live-video.mp4"));
  const audio = splitFragmented(await fixtureBytes("live-audio.mp4"));
  const b64 = (u: Uint8Array) => Buffer.from(u).toString("base64");
  const catalog = [
    {
      name: "video/240p",
      kind: "video",
      codec: "avc1.42C00D",
      width: 320,
      height: 240,
      bitrate: 500_000,
      initData: b64(video.init),
    },
    { name: "audio", kind: "audio", codec: "mp4a.40.2", channels: 1, initData: b64(audio.init) },
  ] as const;
  return { video, audio, catalog };
}

function serve(b: HlsBroadcast) {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const res = handleHls(req, {
      cors: { "access-control-allow-origin": "*" },
      holdMs: 1500,
      authorize: (_id, token) =>
        Promise.resolve(token === GOOD ? undefined : { status: 403, message: "bad token" }),
      broadcast: (id) => Promise.resolve(id === "lv_test" ? b : undefined),
    });
    return (await res) ?? new Response("not found", { status: 404 });
  });
  const base = `http://127.0.0.1:${server.addr.port}/hls/lv_test`;
  return { server, base };
}

async function text(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

Deno.test({
  name: "LL-HLS: multivariant and media playlists parse, parts and segments carry the relayed bytes",
  ...opts,
  async fn() {
    const { video, audio, catalog } = await liveTracks();
    const b = new HlsBroadcast();
    b.setCatalog(catalog);
    // 2.5 s of media: fragments of 250 ms, keyframes every second.
    const now = Date.now() * 1000;
    for (const f of video.fragments.slice(0, 10)) {
      b.push("video/240p", f.bytes, f.startTicks % video.timescale === 0, now);
    }
    for (const [i, f] of audio.fragments.slice(0, 10).entries())
      b.push("audio", f.bytes, i % 4 === 0, now);
    const { server, base } = serve(b);
    try {
      const master = HLS.parse((await text(`${base}/index.m3u8?tok=${GOOD}`)).body);
      assert(master.isMasterPlaylist);
      assertEquals(master.variants.length, 1);
      const variant = master.variants[0]!;
      assertEquals(variant.codecs, "avc1.42C00D,mp4a.40.2");
      assertEquals(variant.uri, `video/240p/index.m3u8?tok=${GOOD}`);
      assertEquals(variant.audio[0]?.uri, `audio/index.m3u8?tok=${GOOD}`);

      const { body } = await text(`${base}/video/240p/index.m3u8?tok=${GOOD}`);
      const media = HLS.parse(body);
      assert(!media.isMasterPlaylist);
      assertEquals(media.lowLatencyCompatibility?.canBlockReload, true);
      assert(media.partTargetDuration! >= 0.25 && media.partTargetDuration! < 0.3, "part target");
      assertEquals(media.endlist, false);
      // Segments close at keyframes: two complete 1 s segments, the third open.
      const complete = media.segments.filter((s) => s.uri !== undefined && s.duration > 0);
      assertEquals(
        complete.map((s) => s.duration),
        [1, 1],
      );
      assert(body.includes('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="2.2.m4s?tok=good-token"'), body);
      assert(body.includes("#EXT-X-PROGRAM-DATE-TIME:"), "wall-clock time of each segment");
      const parts = media.segments.flatMap((s) => s.parts);
      assert(parts[0]?.independent === true, "a segment starts with an independent part");

      const part = new Uint8Array(
        await (await fetch(`${base}/video/240p/1.1.m4s?tok=${GOOD}`)).arrayBuffer(),
      );
      assertEquals(
        part,
        video.fragments[5]!.bytes,
        "a part is the relayed fragment, byte for byte",
      );
      const seg = new Uint8Array(
        await (await fetch(`${base}/video/240p/0.m4s?tok=${GOOD}`)).arrayBuffer(),
      );
      assertEquals(
        seg.byteLength,
        video.fragments.slice(0, 4).reduce((n, f) => n + f.bytes.byteLength, 0),
      );
      const init = new Uint8Array(
        await (await fetch(`${base}/video/240p/init.mp4?tok=${GOOD}`)).arrayBuffer(),
      );
      assertEquals(init, video.init);
    } finally {
      await server.shutdown();
    }
  },
});

/** The fixture's fragments re-cut as one-frame CMAF chunks, as the browser publisher sends them. */
function oneFrameChunks(fragments: readonly { bytes: Uint8Array }[]) {
  return fragments.flatMap((f) => {
    const { trackId, samples } = readFragment(f.bytes);
    return samples.map((s) => ({
      bytes: writeFragment({ trackId, sequence: 1, baseMediaDecodeTime: s.decodeTime }, [s]),
      keyframe: s.keyframe,
    }));
  });
}

Deno.test({
  name: "LL-HLS: one-frame chunks are coalesced into parts of about 200 ms",
  ...opts,
  async fn() {
    const { video, catalog } = await liveTracks();
    const b = new HlsBroadcast();
    b.setCatalog(catalog);
    const chunks = oneFrameChunks(video.fragments.slice(0, 10));
    for (const c of chunks) b.push("video/240p", c.bytes, c.keyframe, Date.now() * 1000);
    const { server, base } = serve(b);
    try {
      const { body } = await text(`${base}/video/240p/index.m3u8?tok=${GOOD}`);
      const media = HLS.parse(body);
      assert(!media.isMasterPlaylist);
      const parts = media.segments.flatMap((s) => s.parts);
      const durations = parts.map((p) => p.duration ?? 0);
      // Strict parsing checked §4.4.4.9 (no part over PART-TARGET, every part but a
      // segment's last ≥ 85% of it); PART-TARGET is near 200 ms, parts are alike.
      assert(media.partTargetDuration! >= 0.18 && media.partTargetDuration! < 0.25, body);
      const whole = media.segments.flatMap((s) => s.parts.slice(0, -1).map((p) => p.duration!));
      assert(Math.max(...whole) - Math.min(...whole) < 0.001, `regular parts: ${durations}`);
      assert(parts[0]?.independent === true, "a segment starts with an independent part");
      // A part is its chunks, byte for byte.
      const first = new Uint8Array(
        await (await fetch(`${base}/video/240p/0.0.m4s?tok=${GOOD}`)).arrayBuffer(),
      );
      let n = 0;
      for (let size = 0; size < first.byteLength; n++) size += chunks[n]!.bytes.byteLength;
      assert(n > 1, "several chunks in a part");
      const firstChunks = chunks.slice(0, n).map((c) => c.bytes);
      assertEquals(first, new Uint8Array(Buffer.concat(firstChunks)));
      // The media segment is its parts, in order.
      const bytesOf = async (uri: string) =>
        new Uint8Array(await (await fetch(`${base}/video/240p/${uri}?tok=${GOOD}`)).arrayBuffer());
      const seg0 = media.segments[0]!;
      const partBytes = await Promise.all(seg0.parts.map((p) => bytesOf(p.uri.split("?")[0]!)));
      assertEquals(await bytesOf("0.m4s"), new Uint8Array(Buffer.concat(partBytes)));
    } finally {
      await server.shutdown();
    }
  },
});

Deno.test({
  name: "LL-HLS: blocking playlist reload and hinted parts wait for the next fragment",
  ...opts,
  async fn() {
    const { video, catalog } = await liveTracks();
    const b = new HlsBroadcast();
    b.setCatalog(catalog);
    const push = (i: number) =>
      b.push("video/240p", video.fragments[i]!.bytes, i % 4 === 0, Date.now() * 1000);
    for (let i = 0; i < 6; i++) push(i);
    const { server, base } = serve(b);
    try {
      const url = `${base}/video/240p/index.m3u8?tok=${GOOD}`;
      const t0 = performance.now();
      const blocked = text(`${url}&_HLS_msn=1&_HLS_part=2`);
      const hinted = fetch(`${base}/video/240p/1.2.m4s?tok=${GOOD}`);
      setTimeout(() => push(6), 300);
      const { status, body } = await blocked;
      assertEquals(status, 200);
      assert(performance.now() - t0 >= 250, "held until the part arrived");
      assert(body.includes('URI="1.2.m4s?tok=good-token"'), body);
      assertEquals(new Uint8Array(await (await hinted).arrayBuffer()), video.fragments[6]!.bytes);

      assertEquals((await text(`${url}&_HLS_msn=9`)).status, 400, "too far ahead");
      assertEquals((await text(`${url}&_HLS_part=1`)).status, 400, "_HLS_part without _HLS_msn");
      assertEquals((await text(`${url}&_HLS_msn=2&_HLS_part=3`)).status, 503, "not in time");

      b.end();
      const ended = HLS.parse((await text(url)).body);
      assert(!ended.isMasterPlaylist && ended.endlist, "EXT-X-ENDLIST after the broadcast ends");
    } finally {
      await server.shutdown();
    }
  },
});

Deno.test({
  name: "LL-HLS: the playback token is enforced on every route",
  ...opts,
  async fn() {
    const { catalog } = await liveTracks();
    const b = new HlsBroadcast();
    b.setCatalog(catalog);
    const { server, base } = serve(b);
    try {
      for (const path of [
        "index.m3u8",
        "video/240p/index.m3u8",
        "video/240p/init.mp4",
        "video/240p/0.0.m4s",
      ]) {
        assertEquals((await text(`${base}/${path}`)).status, 403, `${path} without a token`);
        assertEquals(
          (await text(`${base}/${path}?tok=forged`)).status,
          403,
          `${path} with a bad token`,
        );
      }
    } finally {
      await server.shutdown();
    }
  },
});
