// A wall-clock time code drawn into video frames and read back from pixels: 44
// bits of Date.now() as black/white cells, twice (two rows) so a misread shows.

const BITS = 44;

/** Cell size for a frame `width` pixels wide (cells survive downscaling to 360p). */
const cellOf = (width: number) => Math.floor(width / (BITS + 4));

/** Draws `ms` into the top rows of `ctx` (a frame of `width` pixels). */
export function drawTimeCode(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  ms: number,
  width: number,
): void {
  const cell = cellOf(width);
  for (let row = 0; row < 2; row++) {
    for (let i = 0; i < BITS; i++) {
      const bit = Math.floor(ms / 2 ** (BITS - 1 - i)) % 2;
      ctx.fillStyle = bit ? "#fff" : "#000";
      ctx.fillRect((i + 2) * cell, row * cell, cell, cell);
    }
  }
}

/** Reads the time code from RGBA `pixels` of a `width`-wide frame; undefined when the rows disagree. */
export function readTimeCode(pixels: Uint8ClampedArray, width: number): number | undefined {
  const cell = cellOf(width);
  const rows: number[] = [];
  for (let row = 0; row < 2; row++) {
    let v = 0;
    for (let i = 0; i < BITS; i++) {
      const x = Math.floor((i + 2.5) * cell);
      const y = Math.floor((row + 0.5) * cell);
      const p = (y * width + x) * 4;
      const luma = (pixels[p]! + pixels[p + 1]! + pixels[p + 2]!) / 3;
      v = v * 2 + (luma > 128 ? 1 : 0);
    }
    rows.push(v);
  }
  return rows[0] === rows[1] ? rows[0] : undefined;
}

/** Rows of pixels the code occupies (read only these). */
export const timeCodeHeight = (width: number) => cellOf(width) * 2;
