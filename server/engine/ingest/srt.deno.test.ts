// SRT ingest into the real dev server: ffmpeg's test source sent as MPEG-TS
// over SRT with `streamid=<input>/<key>` (wrong and rotated keys rejected in the
// handshake, nothing published), remuxed to CMAF, served as LL-HLS from the
// relay's objects, continued across an encoder reconnect, and ended
// (EXT-X-ENDLIST) once the encoder is gone.
// Run: npx deno test -A --unstable-net server/engine/ingest/srt.deno.test.ts
import { ok as assert, deepStrictEqual as assertEquals } from "node:assert/strict";
import HLS from "hls-parser";
import { ServerProcess } from "../../tests/process.ts";
import { rpc } from "../testing/rpc.ts";
import { encoder, finished, poll } from "./test-encoder.ts";

// Any playlist that breaks an LL-HLS rule (e.g. §4.4.4.9 part durations) fails the test.
HLS.setOptions({ strictMode: true });

/** The caller waits up to 10 s for the handshake (default 3 s): the receiver's ffmpeg starts slowly on a loaded machine. */
const SLOW_START = "&connect_timeout=10000";

Deno.test({
  name: "SRT ingest: key checked in the handshake, CMAF published, LL-HLS served, reconnect continues, end ends",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const server = await ServerProcess.start([
      "--port",
      "0",
      "--ephemeral",
      "--no-rtmp",
      "--srt-port",
      "0",
    ]);
    try {
      const srt = server.ready.srt;
      assert(srt?.startsWith("srt://127.0.0.1:"), `ready line names the SRT URL: ${srt}`);
      const { input, streamKey: firstKey } = await rpc<{
        input: { id: string; external_input_id: string; ingest_url: string };
        streamKey: string;
      }>(server, "mutation", "liveInputs.create", { name: "Field feed", ingest: "srt" });
      const id = input.external_input_id;
      assertEquals(input.ingest_url, `${srt}?streamid=${id}`, "the input shows its SRT URL");
      const { streamKey } = await rpc<{ streamKey: string }>(
        server,
        "mutation",
        "liveInputs.rotateStreamKey",
        { id: input.id },
      );

      for (const [key, why] of [
        [firstKey, "rotated key"],
        ["sk_wrong", "wrong key"],
      ] as const) {
        const refused = await finished(
          encoder(`${input.ingest_url}/${key}${SLOW_START}`, 2, "mpegts"),
        );
        assert(refused.code !== 0, `${why}: the encoder is refused`);
        assert(refused.stderr.includes("rejection"), `${why}: ${refused.stderr}`);
      }
      const refusals = server.logs.filter((r) => r.event === "ingest.refused");
      assertEquals(refusals.length, 2);
      assert(refusals.every((r) => String(r.reason).includes("stream key refused")));
      assert(!server.logs.some((r) => r.event === "ingest.started"), "nothing accepted");

      const { token } = await rpc<{ token: string }>(
        server,
        "mutation",
        "liveInputs.signedPlaybackUrl",
        { id: input.id },
      );
      const base = `${server.ready.http}/hls/${id}`;
      const first = encoder(`${input.ingest_url}/${streamKey}${SLOW_START}`, 5, "mpegts");
      const master = await poll("the multivariant playlist", async () => {
        const res = await fetch(`${base}/index.m3u8?tok=${token}`);
        const text = await res.text();
        return res.status === 200 ? HLS.parse(text) : undefined;
      });
      const published = server.logs.find((r) => r.event === "ingest.tracks_published");
      console.log(
        `SRT ingest: tracks published ${published?.afterFirstMediaMs} ms after the first media message`,
      );
      assert(master.isMasterPlaylist);
      assertEquals(master.variants[0]?.codecs, "avc1.42C00D,mp4a.40.2");
      assertEquals(master.variants[0]?.resolution, { width: 320, height: 240 });

      const mediaUrl = `${base}/video/240p/index.m3u8?tok=${token}`;
      const media = await poll("two complete segments", async () => {
        const p = HLS.parse(await (await fetch(mediaUrl)).text());
        return !p.isMasterPlaylist && p.segments.filter((s) => s.duration > 0).length >= 2
          ? p
          : undefined;
      });
      assertEquals((await finished(first)).code, 0, "the encoder finished");
      const lastOf = (p: HLS.types.MediaPlaylist) => (p.mediaSequenceBase ?? 0) + p.segments.length;
      const before = lastOf(media as HLS.types.MediaPlaylist);

      // Reconnect within the grace period: the same broadcast continues.
      const second = encoder(`${input.ingest_url}/${streamKey}${SLOW_START}`, 3, "mpegts");
      assertEquals((await finished(second)).code, 0, "the reconnected encoder finished");
      const continued = HLS.parse(await (await fetch(mediaUrl)).text()) as HLS.types.MediaPlaylist;
      assert(!continued.endlist, "not ended while the encoder came back");
      assert(lastOf(continued) > before, "new segments after the reconnect");
      const started = server.logs.filter((r) => r.event === "ingest.started");
      assertEquals(
        started.map((r) => r.resumed),
        [false, true],
      );

      const ended = await poll(
        "EXT-X-ENDLIST",
        async () => {
          const p = HLS.parse(await (await fetch(mediaUrl)).text());
          return !p.isMasterPlaylist && p.endlist ? p : undefined;
        },
        30_000,
      );
      assert(ended.segments.length > 0);
    } finally {
      await server.stop();
    }
  },
});
