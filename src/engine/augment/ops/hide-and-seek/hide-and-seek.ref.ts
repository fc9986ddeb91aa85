// HideAndSeek (PaddleClas hide_and_seek.py, after Singh & Lee): grid size from [0, 16, 32, 44, 56] (0 = no hiding);
// each grid cell hidden (set to 0) when random() ≤ 0.5, cells visited column-major as PaddleClas's loops do.
import type { RgbImage } from '../../core/image.ts';
import type { RngStream } from '../../rng/stream.ts';

export const HIDE_AND_SEEK_GRID_SIZES = [0, 16, 32, 44, 56] as const;

export interface HideAndSeekDraw {
  readonly gridSize: number;
  /** hidden[cx·rows + cy] for cell column cx, row cy */
  readonly hidden: Uint8Array;
  readonly cols: number;
  readonly rows: number;
}

export function sampleHideAndSeek(
  rng: RngStream,
  imgW: number,
  imgH: number,
  gridSizes: readonly number[] = HIDE_AND_SEEK_GRID_SIZES,
  hideProb = 0.5,
): HideAndSeekDraw {
  const gridSize = rng.choice(gridSizes);
  if (gridSize === 0) return { gridSize, hidden: new Uint8Array(0), cols: 0, rows: 0 };
  const cols = Math.ceil(imgW / gridSize);
  const rows = Math.ceil(imgH / gridSize);
  const hidden = new Uint8Array(cols * rows);
  for (let cx = 0; cx < cols; cx++)
    for (let cy = 0; cy < rows; cy++) hidden[cx * rows + cy] = rng.uniform() <= hideProb ? 1 : 0;
  return { gridSize, hidden, cols, rows };
}

/** Whether pixel (x, y) is hidden: what a GPU thread evaluates per pixel. */
export function isHidden(draw: HideAndSeekDraw, x: number, y: number): boolean {
  if (draw.gridSize === 0) return false;
  return draw.hidden[Math.floor(x / draw.gridSize) * draw.rows + Math.floor(y / draw.gridSize)] === 1;
}

export function applyHideAndSeek(img: RgbImage, draw: HideAndSeekDraw, fill = 0): RgbImage {
  if (draw.gridSize === 0) return img;
  const out = { width: img.width, height: img.height, data: img.data.slice() };
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++)
      if (isHidden(draw, x, y)) for (let c = 0; c < 3; c++) out.data[(y * img.width + x) * 3 + c] = fill;
  return out;
}
