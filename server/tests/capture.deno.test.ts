// Headless capture in Deno (seed 003 recipe 4): a capture (what
// BroadcastViewer.open returns; imported from its own module, which type-checks
// without the DOM) on a signed playback URL records a live H.264 + Opus broadcast to one file, which
// ffprobe reads back whole; a forged token closes the capture with auth_failed.
// Run: npx deno test -A --unstable-net server/tests/capture.deno.test.ts
import { ok as assert, deepStrictEqual as assertEquals } from "node:assert/strict";
import { MoqtClient } from "../../src/moqt/index.ts";
import {
  BroadcastCapture,
  type CaptureCloseReason,
} from "../../src/streams/viewer/broadcast-capture.ts";
import { IngestBroadcast } from "../engine/ingest/ingest-broadcast.ts";
import { splitFragmented } from "../engine/media/split.ts";
import { rpc } from "../engine/testing/rpc.ts";
import { fixtureBytes } from "../engine/vod/testing/fixtures.ts";
import { bounded, ServerProcess } from "./process.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function ffprobe(file: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command("ffprobe", {
    args: ["-v", "error", ...args, "-of", "csv=p=0", file],
  }).output();
  return new TextDecoder().decode(out.stdout).trim();
}

Deno.test({
  name: "headless capture: a live broadcast recorded to one file ffprobe reads; bad token → auth_failed",
  ...opts,
  async fn() {
    const server = await ServerProcess.start(["--port", "0", "--ephemeral"]);
    const file = await Deno.makeTempFile({ suffix: ".mp4" });
    let publisher: MoqtClient | undefined;
    try {
      const { input, streamKey } = await rpc<{
        input: { id: string; external_input_id: string; org_id: string };
        streamKey: string;
      }>(server, "mutation", "liveInputs.create", { name: "Capture", ingest: "fmp4" });
      const id = input.external_input_id;
      publisher = MoqtClient.connect(
        `${new URL(server.ready.ws).origin}/publish/${id}?sk=${encodeURIComponent(streamKey)}`,
        { transport: "websocket" },
      );
      await publisher.connected();
      const broadcast = new IngestBroadcast(publisher, `stream/${input.org_id}/${id}`);
      const video = splitFragmented(await fixtureBytes("live-video.mp4"));
      const audio = splitFragmented(await fixtureBytes("live-opus.mp4"));
      broadcast.beginSession(Date.now() * 1000);
      broadcast.expect("video");
      broadcast.expect("audio");
      broadcast.init("video", video.init);
      broadcast.init("audio", audio.init);

      const { url } = await rpc<{ url: string }>(
        server,
        "mutation",
        "liveInputs.signedPlaybackUrl",
        {
          id: input.id,
        },
      );
      // The signed URL with its token's signature altered.
      const forged = url.replace(/.(.{4})$/, (m, rest) => (m[0] === "A" ? "B" : "A") + rest);
      const refused = await new Promise<[CaptureCloseReason, string]>((resolve) => {
        new BroadcastCapture(forged, {
          onChunk: () => resolve(["error", "a chunk reached a refused capture"]),
          onClose: (reason, detail) => resolve([reason, detail]),
        });
      });
      assertEquals(refused[0], "auth_failed", refused[1]);

      const chunks: { isInit: boolean; track: string | undefined }[] = [];
      const out = await Deno.open(file, { write: true, truncate: true });
      let gotInit!: () => void;
      const initArrived = new Promise<void>((r) => (gotInit = r));
      const closed = new Promise<[CaptureCloseReason, string]>((resolve) => {
        new BroadcastCapture(url, {
          onChunk: (isInit, chunk) => {
            chunks.push({ isInit, track: chunk.track });
            out.writeSync(chunk.data);
            if (isInit) gotInit();
          },
          onClose: (reason, detail) => resolve([reason, detail]),
        });
      });
      await bounded(initArrived, 10_000, "the init segment");
      // 4 s of media in real time: 250 ms fragments, a keyframe every second.
      for (let i = 0; i < video.fragments.length; i++) {
        broadcast.fragment("video", video.fragments[i]!.bytes);
        const a = audio.fragments[i];
        if (a !== undefined) broadcast.fragment("audio", a.bytes);
        await new Promise((r) => setTimeout(r, 250));
      }
      await new Promise((r) => setTimeout(r, 300));
      await broadcast.end();
      const [reason, detail] = await bounded(closed, 10_000, "the end of the capture");
      out.close();
      assertEquals(reason, "ended", detail);
      assertEquals(chunks[0]?.isInit, true, "the first chunk is the init segment");
      assertEquals(chunks.filter((c) => c.isInit).length, 1);

      assertEquals(await ffprobe(file, "-show_entries", "stream=codec_name"), "h264\nopus");
      const frames = await ffprobe(
        file,
        "-select_streams",
        "v",
        "-count_packets",
        "-show_entries",
        "stream=nb_read_packets",
      );
      assertEquals(Number(frames), 120, "every video frame of the 4 s, from the first keyframe");
      const times = (
        await ffprobe(file, "-select_streams", "v", "-show_entries", "packet=dts_time")
      )
        .split("\n")
        .map(Number)
        .sort((a, b) => a - b);
      const steps = times.slice(1).map((t, i) => t - times[i]!);
      assert(
        Math.max(...steps) < 0.05,
        `no gap between video frames (largest ${Math.max(...steps)} s)`,
      );
      const audioS = Number(
        await ffprobe(file, "-select_streams", "a", "-show_entries", "stream=duration"),
      );
      assert(audioS > 3.5, `audio recorded too (${audioS} s)`);
    } finally {
      await publisher?.close();
      await Deno.remove(file).catch(() => {});
      await server.stop();
    }
  },
});
