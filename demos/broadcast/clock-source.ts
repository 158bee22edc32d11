// A synthetic camera: a canvas that shows a running clock and the time code,
// captured as a MediaStream (for pages without a camera, and for latency tests).
import { drawTimeCode } from "./time-code.ts";

export function clockStream(
  width = 1280,
  height = 720,
  fps = 30,
): { stream: MediaStream; stop: () => void } {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d")!;
  let frame = 0;
  const draw = () => {
    const now = Date.now();
    ctx.fillStyle = `hsl(${(frame++ * 3) % 360} 40% 30%)`;
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = "#fff";
    ctx.font = `${Math.round(height / 8)}px monospace`;
    ctx.fillText(new Date(now).toISOString().slice(11, 23), width * 0.1, height * 0.6);
    drawTimeCode(ctx, now, width);
  };
  draw();
  const timer = setInterval(draw, 1000 / fps);
  const stream = canvas.captureStream(fps);
  return {
    stream,
    stop: () => {
      clearInterval(timer);
      for (const t of stream.getTracks()) t.stop();
    },
  };
}
