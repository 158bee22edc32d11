// Top-down view of the robot: its recent trail, its heading, and the latest
// range scan, in a 6 m × 6 m room.
import type { Pose } from "./frames.ts";

const ROOM_M = 6;
const TRAIL = 250;

export class RobotMap {
  readonly #canvas: HTMLCanvasElement;
  readonly #ctx: CanvasRenderingContext2D;
  readonly #trail: Pose[] = [];
  #scan: { pose: Pose; rangesMm: Uint16Array } | undefined;

  constructor(canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext("2d");
    if (ctx === null) throw new Error("no 2D canvas context");
    this.#canvas = canvas;
    this.#ctx = ctx;
  }

  pose(p: Pose): void {
    this.#trail.push(p);
    if (this.#trail.length > TRAIL) this.#trail.shift();
  }

  scan(rangesMm: Uint16Array): void {
    const pose = this.#trail[this.#trail.length - 1];
    if (pose !== undefined) this.#scan = { pose, rangesMm };
  }

  draw(): void {
    const c = this.#ctx;
    const dpr = globalThis.devicePixelRatio || 1;
    const size = this.#canvas.clientWidth;
    if (this.#canvas.width !== Math.round(size * dpr)) {
      this.#canvas.width = Math.round(size * dpr);
      this.#canvas.height = Math.round(size * dpr);
    }
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.clearRect(0, 0, size, size);
    const scale = size / ROOM_M;
    const px = (x: number) => size / 2 + x * scale;
    const py = (y: number) => size / 2 - y * scale;
    const fg = getComputedStyle(this.#canvas).color;

    c.strokeStyle = fg;
    c.globalAlpha = 0.4;
    c.strokeRect(1, 1, size - 2, size - 2);
    c.globalAlpha = 1;

    if (this.#scan !== undefined) {
      const { pose, rangesMm } = this.#scan;
      c.fillStyle = "#10ac84";
      const n = rangesMm.length;
      for (let i = 0; i < n; i += 2) {
        const a = pose.theta + (i * Math.PI * 2) / n;
        const r = rangesMm[i]! / 1000;
        c.fillRect(px(pose.x + r * Math.cos(a)) - 1, py(pose.y + r * Math.sin(a)) - 1, 2, 2);
      }
    }

    c.strokeStyle = "#2e86de";
    c.lineWidth = 2;
    c.beginPath();
    for (const [i, p] of this.#trail.entries()) {
      if (i === 0) c.moveTo(px(p.x), py(p.y));
      else c.lineTo(px(p.x), py(p.y));
    }
    c.stroke();

    const last = this.#trail[this.#trail.length - 1];
    if (last !== undefined) {
      const x = px(last.x);
      const y = py(last.y);
      c.fillStyle = fg;
      c.beginPath();
      c.arc(x, y, 6, 0, Math.PI * 2);
      c.fill();
      c.strokeStyle = "#ee5253";
      c.beginPath();
      c.moveTo(x, y);
      c.lineTo(x + 14 * Math.cos(last.theta), y - 14 * Math.sin(last.theta));
      c.stroke();
    }
  }
}
