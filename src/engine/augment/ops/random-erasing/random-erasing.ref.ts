// RandomErasing (PaddleClas random_erasing.py, after Zhong et al. and timm): with probability EPSILON, up to
// `attempt` tries of area ~ U(sl, sh)·HW and aspect ~ U(r1, 1/r1) (or log-uniform) until the box fits; fill
// with `mean` (const), one N(0,1) colour (rand) or per-pixel N(0,1) (pixel). Runs on normalised values.
import type { RgbImage } from '../../core/image.ts';
import { roundHalfEven } from '../../core/py-math.ts';
import { normalAt, type RngKey, type RngStream } from '../../rng/stream.ts';

export type ErasingMode = 'const' | 'rand' | 'pixel';

export interface RandomErasingConfig {
  readonly EPSILON: number;
  readonly sl: number;
  readonly sh: number;
  readonly r1: number;
  readonly mean: readonly [number, number, number];
  readonly attempt: number;
  readonly useLogAspect: boolean;
  readonly mode: ErasingMode;
}

export const DEFAULT_RANDOM_ERASING: RandomErasingConfig = {
  EPSILON: 0.5,
  sl: 0.02,
  sh: 0.4,
  r1: 0.3,
  mean: [0, 0, 0],
  attempt: 100,
  useLogAspect: false,
  mode: 'const',
};

/** Stream id offset for per-pixel noise, so pixel noise never overlaps the op's own draws. */
export const PIXEL_NOISE_STREAM_BIT = 0x40000000;

export interface ErasingDraw {
  /** rows [top, top+h), cols [left, left+w) */
  readonly top: number;
  readonly left: number;
  readonly h: number;
  readonly w: number;
  /** the colour for const/rand modes */
  readonly colour: readonly [number, number, number];
  /** key of the per-pixel noise (pixel mode): element (i·w + j)·3 + c uses normalAt(noiseKey, that index) */
  readonly noiseKey: RngKey | undefined;
}

export function sampleRandomErasing(
  rng: RngStream,
  cfg: RandomErasingConfig,
  imgW: number,
  imgH: number,
): ErasingDraw | undefined {
  if (rng.uniform() > cfg.EPSILON) return undefined;
  const [lo, hi] = cfg.useLogAspect ? [Math.log(cfg.r1), Math.log(1 / cfg.r1)] : [cfg.r1, 1 / cfg.r1];
  const area = imgH * imgW;
  for (let t = 0; t < cfg.attempt; t++) {
    const targetArea = rng.uniformRange(cfg.sl, cfg.sh) * area;
    let aspect = rng.uniformRange(lo, hi);
    if (cfg.useLogAspect) aspect = Math.exp(aspect);
    const h = roundHalfEven(Math.sqrt(targetArea * aspect));
    const w = roundHalfEven(Math.sqrt(targetArea / aspect));
    if (w < imgW && h < imgH) {
      const colour: [number, number, number] =
        cfg.mode === 'rand'
          ? [rng.normal(), rng.normal(), rng.normal()]
          : [cfg.mean[0], cfg.mean[1], cfg.mean[2]];
      const top = rng.randint(0, imgH - h);
      const left = rng.randint(0, imgW - w);
      const noiseKey =
        cfg.mode === 'pixel'
          ? { ...rng.key, stream: (rng.key.stream | PIXEL_NOISE_STREAM_BIT) >>> 0 }
          : undefined;
      return { top, left, h, w, colour, noiseKey };
    }
  }
  return undefined;
}

export function applyRandomErasing(img: RgbImage, draw: ErasingDraw | undefined): RgbImage {
  if (!draw) return img;
  const out = { width: img.width, height: img.height, data: img.data.slice() };
  for (let i = 0; i < draw.h; i++) {
    for (let j = 0; j < draw.w; j++) {
      for (let c = 0; c < 3; c++) {
        const v = draw.noiseKey ? normalAt(draw.noiseKey, (i * draw.w + j) * 3 + c) : draw.colour[c];
        out.data[((draw.top + i) * img.width + draw.left + j) * 3 + c] = v;
      }
    }
  }
  return out;
}
