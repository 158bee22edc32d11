// A small live chart on a canvas: several series of (time, value) points over
// a sliding window, y axis scaled to what is visible. No chart library.

export interface SeriesStyle {
  readonly label: string;
  readonly color: string;
  /** "line" joins the points; "dots" draws each point (per-frame values). */
  readonly draw: "line" | "dots";
}

interface Series extends SeriesStyle {
  readonly t: number[];
  readonly v: number[];
}

export class LiveChart {
  readonly #canvas: HTMLCanvasElement;
  readonly #ctx: CanvasRenderingContext2D;
  readonly #series = new Map<string, Series>();
  readonly #windowMs: number;
  readonly #unit: string;
  /** Points drawn in the last frame; exposed on the canvas as `data-points`. */
  #drawn = 0;

  constructor(canvas: HTMLCanvasElement, o: { windowMs: number; unit: string }) {
    const ctx = canvas.getContext("2d");
    if (ctx === null) throw new Error("no 2D canvas context");
    this.#canvas = canvas;
    this.#ctx = ctx;
    this.#windowMs = o.windowMs;
    this.#unit = o.unit;
  }

  addSeries(key: string, style: SeriesStyle): void {
    this.#series.set(key, { ...style, t: [], v: [] });
  }

  push(key: string, tMs: number, value: number): void {
    const s = this.#series.get(key);
    if (s === undefined) return;
    s.t.push(tMs);
    s.v.push(value);
  }

  /** Drops points older than the window and draws; call once per animation frame. */
  draw(nowMs: number): void {
    const from = nowMs - this.#windowMs;
    for (const s of this.#series.values()) {
      let drop = 0;
      while (drop < s.t.length && s.t[drop]! < from) drop++;
      s.t.splice(0, drop);
      s.v.splice(0, drop);
    }
    const c = this.#ctx;
    const dpr = globalThis.devicePixelRatio || 1;
    const w = this.#canvas.clientWidth;
    const h = this.#canvas.clientHeight;
    if (this.#canvas.width !== Math.round(w * dpr)) this.#canvas.width = Math.round(w * dpr);
    if (this.#canvas.height !== Math.round(h * dpr)) this.#canvas.height = Math.round(h * dpr);
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.clearRect(0, 0, w, h);

    let max = 0;
    for (const s of this.#series.values()) for (const v of s.v) max = Math.max(max, v);
    max = niceCeiling(max);
    const left = 44;
    const right = w - 8;
    const top = 8;
    const bottom = h - 22;
    const x = (t: number) => left + ((t - from) / this.#windowMs) * (right - left);
    const y = (v: number) => bottom - (v / max) * (bottom - top);

    const fg = getComputedStyle(this.#canvas).color;
    c.strokeStyle = fg;
    c.fillStyle = fg;
    c.globalAlpha = 0.25;
    c.lineWidth = 1;
    c.font = "11px system-ui, sans-serif";
    for (let i = 0; i <= 4; i++) {
      const v = (max * i) / 4;
      c.beginPath();
      c.moveTo(left, y(v));
      c.lineTo(right, y(v));
      c.stroke();
    }
    c.globalAlpha = 1;
    for (let i = 0; i <= 4; i++) {
      const v = (max * i) / 4;
      c.fillText(`${formatTick(v)}`, 4, y(v) + 4);
    }
    c.fillText(`${this.#unit} — last ${this.#windowMs / 1000} s`, left, h - 6);

    let drawn = 0;
    let legendX = right;
    for (const s of [...this.#series.values()].reverse()) {
      c.strokeStyle = s.color;
      c.fillStyle = s.color;
      if (s.draw === "line") {
        c.lineWidth = 1.5;
        c.beginPath();
        for (let i = 0; i < s.t.length; i++) {
          if (i === 0) c.moveTo(x(s.t[i]!), y(s.v[i]!));
          else c.lineTo(x(s.t[i]!), y(s.v[i]!));
        }
        c.stroke();
      } else {
        for (let i = 0; i < s.t.length; i++) c.fillRect(x(s.t[i]!) - 1, y(s.v[i]!) - 1, 2.5, 2.5);
      }
      drawn += s.t.length;
      const label = s.label;
      legendX -= c.measureText(label).width + 18;
      c.fillRect(legendX, h - 14, 8, 8);
      c.fillText(label, legendX + 11, h - 6);
    }
    this.#drawn = drawn;
    this.#canvas.dataset.points = String(drawn);
  }

  get pointsDrawn(): number {
    return this.#drawn;
  }
}

function niceCeiling(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

function formatTick(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}
