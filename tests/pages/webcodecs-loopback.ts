// The broadcast benchmark's latency baseline: the same canvas clock encoded and
// decoded in one page with WebCodecs (720p H.264, realtime), no CMAF, relay or
// network — what the codec pipeline alone costs. Returns the time code latency
// of every decoded frame, ms.
import { clockStream } from "../../demos/broadcast/clock-source.ts";
import { readTimeCode, timeCodeHeight } from "../../demos/broadcast/time-code.ts";

type Processor = new (init: {
  track: MediaStreamTrack;
}) => {
  readable: ReadableStream<VideoFrame>;
};

export async function webcodecsLoopbackMs(durationMs: number): Promise<number[]> {
  const clock = clockStream();
  const samples: number[] = [];
  const probe = new OffscreenCanvas(1280, timeCodeHeight(1280));
  const ctx = probe.getContext("2d", { willReadFrequently: true })!;
  const decoder = new VideoDecoder({
    output: (frame) => {
      const h = timeCodeHeight(frame.displayWidth);
      ctx.drawImage(frame, 0, 0, frame.displayWidth, h, 0, 0, frame.displayWidth, h);
      frame.close();
      const code = readTimeCode(ctx.getImageData(0, 0, probe.width, h).data, probe.width);
      if (code !== undefined) samples.push(Date.now() - code);
    },
    error: () => undefined,
  });
  const encoder = new VideoEncoder({
    output: (chunk, meta) => {
      if (meta?.decoderConfig !== undefined) decoder.configure(meta.decoderConfig);
      if (decoder.state === "configured") decoder.decode(chunk);
    },
    error: () => undefined,
  });
  encoder.configure({
    codec: "avc1.42E01F",
    width: 1280,
    height: 720,
    bitrate: 2_500_000,
    framerate: 30,
    latencyMode: "realtime",
    avc: { format: "avc" },
  });
  const Track = (globalThis as unknown as { MediaStreamTrackProcessor: Processor })
    .MediaStreamTrackProcessor;
  const reader = new Track({ track: clock.stream.getVideoTracks()[0]! }).readable.getReader();
  const endMs = performance.now() + durationMs;
  let n = 0;
  while (performance.now() < endMs) {
    const { value, done } = await reader.read();
    if (done) break;
    if (encoder.encodeQueueSize < 2) encoder.encode(value, { keyFrame: n++ % 30 === 0 });
    value.close();
  }
  await reader.cancel();
  clock.stop();
  await encoder.flush().catch(() => undefined);
  encoder.close();
  await decoder.flush().catch(() => undefined);
  decoder.close();
  return samples;
}
