// GridMask (PaddleClas grid.py, after akuxcw/GridMask): with probability prob·min(1, epoch/numEpochs), zero a grid
// of bands (period d ~ U[d1, d2), band l = int(d·ratio + 0.5), random offsets) drawn on a 1.5× canvas, rotated by
// randint(rotate) degrees (PIL nearest, outside → 0), centre-cropped; mode 1 keeps the bands instead.
import { rotationMatrix } from '../../core/affine.ts';
import type { RgbImage } from '../../core/image.ts';
import { floorDiv, pyInt } from '../../core/py-math.ts';
import type { RngStream } from '../../rng/stream.ts';

export interface GridMaskConfig {
  readonly d1: number;
  readonly d2: number;
  readonly rotate: number;
  readonly ratio: number;
  readonly mode: 0 | 1;
  readonly prob: number;
  /** PaddleClas's NUM_EPOCHS global: the epoch at which prob reaches its configured value (240 there) */
  readonly numEpochs: number;
}

export const DEFAULT_GRID_MASK: GridMaskConfig = {
  d1: 96,
  d2: 224,
  rotate: 1,
  ratio: 0.5,
  mode: 0,
  prob: 1,
  numEpochs: 240,
};

export interface GridMaskDraw {
  readonly d: number;
  readonly l: number;
  readonly stH: number;
  readonly stW: number;
  readonly angle: number;
  readonly mode: 0 | 1;
}

export function gridMaskProb(cfg: GridMaskConfig, epoch: number): number {
  return cfg.prob * Math.min(1, epoch / cfg.numEpochs);
}

export function sampleGridMask(rng: RngStream, cfg: GridMaskConfig): GridMaskDraw | undefined {
  if (rng.uniform() > gridMaskProb(cfg, rng.key.epoch)) return undefined;
  const d = cfg.d1 + rng.below(cfg.d2 - cfg.d1);
  const l = pyInt(d * cfg.ratio + 0.5);
  const stH = rng.below(d);
  const stW = rng.below(d);
  const angle = rng.below(Math.max(1, cfg.rotate));
  return { d, l, stH, stW, angle, mode: cfg.mode };
}

const mod = (a: number, n: number) => ((a % n) + n) % n;

/** Mask value (0 or 1) at image pixel (x, y): closed form of the canvas loops, evaluated per pixel on the GPU. */
export function gridMaskAt(draw: GridMaskDraw, x: number, y: number, imgW: number, imgH: number): number {
  const hh = pyInt(1.5 * imgH);
  const ww = pyInt(1.5 * imgW);
  let cx = x + floorDiv(ww - imgW, 2);
  let cy = y + floorDiv(hh - imgH, 2);
  if (draw.angle !== 0) {
    const [a, b, c, d, e, f] = rotationMatrix(draw.angle, ww, hh);
    const xin = a * (cx + 0.5) + b * (cy + 0.5) + c;
    const yin = d * (cx + 0.5) + e * (cy + 0.5) + f;
    const xi = xin < 0 ? -1 : Math.trunc(xin);
    const yi = yin < 0 ? -1 : Math.trunc(yin);
    if (xi < 0 || yi < 0 || xi >= ww || yi >= hh) return draw.mode === 1 ? 1 : 0;
    cx = xi;
    cy = yi;
  }
  const inBand = mod(cy - draw.stH, draw.d) < draw.l || mod(cx - draw.stW, draw.d) < draw.l;
  const m = inBand ? 0 : 1;
  return draw.mode === 1 ? 1 - m : m;
}

export function applyGridMask(img: RgbImage, draw: GridMaskDraw | undefined): RgbImage {
  if (!draw) return img;
  const out = { width: img.width, height: img.height, data: img.data.slice() };
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++)
      if (gridMaskAt(draw, x, y, img.width, img.height) === 0)
        for (let c = 0; c < 3; c++) out.data[(y * img.width + x) * 3 + c] = 0;
  return out;
}
