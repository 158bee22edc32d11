// RTMP ingest into the real dev server: ffmpeg's test source published with
// the stream key (wrong and rotated keys refused), remuxed to CMAF, served as
// LL-HLS from the relay's objects, continued across an encoder reconnect, and
// ended (EXT-X-ENDLIST) once the encoder is gone.
// Run: npx deno test -A --unstable-net server/engine/ingest/rtmp.deno.test.ts
import { ok as assert, deepStrictEqual as assertEquals } from "node:assert/strict";
import HLS from "hls-parser";
import { generateSigningKeys } from "../../cli/token.ts";
import { ServerProcess } from "../../tests/process.ts";
import { rpc } from "../testing/rpc.ts";
import { encoder, finished, poll } from "./test-encoder.ts";

// Any playlist that breaks an LL-HLS rule (e.g. §4.4.4.9 part durations) fails the test.
HLS.setOptions({ strictMode: true });

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "RTMP ingest under relay auth: keys checked, CMAF published, LL-HLS served, reconnect continues, end ends",
  ...opts,
  async fn() {
    // The relay requires tokens (--auth-key): the engine's ingest and LL-HLS clients need none.
    const dir = await Deno.makeTempDir({ prefix: "clutchcall-rtmp-auth-" });
    await Deno.writeTextFile(
      `${dir}/relay.pub.pem`,
      (await generateSigningKeys("EdDSA")).publicPem,
    );
    const server = await ServerProcess.start([
      ...["--port", "0", "--ephemeral", "--rtmp-port", "0"],
      ...["--auth-key", `${dir}/relay.pub.pem`],
    ]);
    try {
      const rtmp = server.ready.rtmp;
      assert(rtmp?.startsWith("rtmp://127.0.0.1:"), `ready line names the RTMP URL: ${rtmp}`);
      const { input, streamKey: firstKey } = await rpc<{
        input: { id: string; external_input_id: string };
        streamKey: string;
      }>(server, "mutation", "liveInputs.create", { name: "Keynote 2026", ingest: "rtmp" });
      const { streamKey } = await rpc<{ streamKey: string }>(
        server,
        "mutation",
        "liveInputs.rotateStreamKey",
        {
          id: input.id,
        },
      );
      const id = input.external_input_id;

      for (const [key, why] of [
        [firstKey, "rotated key"],
        ["sk_wrong", "wrong key"],
      ] as const) {
        const refused = await finished(encoder(`${rtmp}/${id}/${key}`, 2));
        assert(refused.code !== 0, `${why}: the encoder is refused`);
        assert(refused.stderr.includes("stream key refused"), `${why}: ${refused.stderr}`);
      }

      const { token } = await rpc<{ token: string }>(
        server,
        "mutation",
        "liveInputs.signedPlaybackUrl",
        {
          id: input.id,
        },
      );
      const base = `${server.ready.http}/hls/${id}`;
      const noToken = await fetch(`${base}/index.m3u8`);
      assertEquals([noToken.status, (await noToken.text()).startsWith("auth_failed")], [401, true]);

      const first = encoder(`${rtmp}/${id}/${streamKey}`, 5);
      const startMs = Date.now();
      const master = await poll("the multivariant playlist", async () => {
        const res = await fetch(`${base}/index.m3u8?tok=${token}`);
        const text = await res.text();
        return res.status === 200 ? HLS.parse(text) : undefined;
      });
      const published = server.logs.find((r) => r.event === "ingest.tracks_published");
      const afterMs = Number(published?.afterFirstMediaMs);
      console.log(
        `RTMP ingest: tracks published ${afterMs} ms after the first media message, ${Date.now() - startMs} ms after the encoder started`,
      );
      // The catalog and init segments come from the FLV sequence headers, not from ffmpeg.
      assert(afterMs < 1500, `tracks published ${afterMs} ms after the first media message`);
      assert(
        !server.logs.some((r) => r.event === "ingest.init_replaced"),
        "ffmpeg's init segments match the ones published from the sequence headers",
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
      assert(!media.isMasterPlaylist);
      assert(
        media.partTargetDuration !== undefined && media.partTargetDuration <= 0.6,
        "0.5 s parts",
      );
      const seg = media.segments.find((s) => s.duration > 0)!;
      const init = new Uint8Array(
        await (await fetch(`${base}/video/240p/init.mp4?tok=${token}`)).arrayBuffer(),
      );
      const body = new Uint8Array(
        await (await fetch(`${base}/video/240p/${seg.uri}`)).arrayBuffer(),
      );
      const file = await Deno.makeTempFile({ suffix: ".mp4" });
      await Deno.writeFile(file, new Uint8Array([...init, ...body]));
      const probe = await new Deno.Command("ffprobe", {
        args: [
          "-v",
          "error",
          "-show_entries",
          "stream=codec_name,width,height",
          "-of",
          "csv=p=0",
          file,
        ],
      }).output();
      assertEquals(new TextDecoder().decode(probe.stdout).trim(), "h264,320,240");
      await Deno.remove(file);

      assertEquals((await finished(first)).code, 0, "the encoder finished");
      const lastMsnBefore = HLS.parse(
        await (await fetch(mediaUrl)).text(),
      ) as HLS.types.MediaPlaylist;
      // Reconnect within the grace period: the same broadcast continues.
      const second = encoder(`${rtmp}/${id}/${streamKey}`, 4);
      assertEquals((await finished(second)).code, 0, "the reconnected encoder finished");
      const continued = HLS.parse(await (await fetch(mediaUrl)).text()) as HLS.types.MediaPlaylist;
      assert(!continued.endlist, "not ended while the encoder came back");
      const lastOf = (p: HLS.types.MediaPlaylist) => (p.mediaSequenceBase ?? 0) + p.segments.length;
      assert(lastOf(continued) > lastOf(lastMsnBefore), "new segments after the reconnect");
      const times = continued.segments.map((s) => s.programDateTime?.getTime() ?? 0);
      assert(
        times.every((t, i) => i === 0 || t >= times[i - 1]!),
        "wall-clock times keep increasing",
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
      await Deno.remove(dir, { recursive: true });
    }
  },
});
