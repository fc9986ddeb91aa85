// RandCropImage (PaddleClas: one draw, scale range clamped so the box fits) and RandomResizedCrop (torchvision/
// timm: 10 tries, then a centre-crop fallback): sample a crop box, then crop and resize to the target size.
import { cropImage, type RgbImage } from '../../core/image.ts';
import { floorDiv, pyInt, roundHalfEven } from '../../core/py-math.ts';
import { type ResizeFilter, resizeImage } from '../../core/resample.ts';
import type { RngStream } from '../../rng/stream.ts';

export interface CropBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface RandCropConfig {
  /** area fraction range; PaddleClas default [0.08, 1] */
  readonly scale: readonly [number, number];
  /** aspect (w/h) range; default [3/4, 4/3] */
  readonly ratio: readonly [number, number];
  /** draw the aspect log-uniformly (PaddleClas use_log_aspect; torchvision always does) */
  readonly useLogAspect: boolean;
}

export const DEFAULT_RAND_CROP: RandCropConfig = {
  scale: [0.08, 1],
  ratio: [3 / 4, 4 / 3],
  useLogAspect: false,
};

function drawAspect(rng: RngStream, ratio: readonly [number, number], logUniform: boolean): number {
  if (logUniform) return Math.exp(rng.uniformRange(Math.log(ratio[0]), Math.log(ratio[1])));
  return rng.uniformRange(ratio[0], ratio[1]);
}

/**
 * PaddleClas RandCropImage (ppcls/data/preprocess/ops/operators.py): one aspect draw, the scale range clamped to
 * `bound` so the box always fits, w = int(√(area·ar)), h = int(√(area/ar)), corner by randint. Draws: 4 u32.
 */
export function sampleRandCropImage(
  rng: RngStream,
  cfg: RandCropConfig,
  imgW: number,
  imgH: number,
): CropBox {
  const ar = drawAspect(rng, cfg.ratio, cfg.useLogAspect);
  const bound = Math.min(imgW / imgH / ar, (imgH / imgW) * ar);
  const scaleMax = Math.min(cfg.scale[1], bound);
  const scaleMin = Math.min(cfg.scale[0], bound);
  const targetArea = imgW * imgH * rng.uniformRange(scaleMin, scaleMax);
  const w = Math.min(imgW, Math.max(1, pyInt(Math.sqrt(targetArea * ar))));
  const h = Math.min(imgH, Math.max(1, pyInt(Math.sqrt(targetArea / ar))));
  const x = rng.randint(0, imgW - w);
  const y = rng.randint(0, imgH - h);
  return { x, y, w, h };
}

/** Index of the RandomResizedCrop try that succeeded, or −1 for the fallback (tests count fallbacks). */
export interface ResizedCropDraw extends CropBox {
  readonly attempt: number;
}

/**
 * torchvision RandomResizedCrop.get_params (also timm's RandomResizedCropAndInterpolation): up to 10 tries of
 * area ~ U(scale), log-aspect ~ U(log ratio), w/h rounded; if none fits, the largest centred box with the aspect
 * clamped into `ratio`.
 */
export function sampleRandomResizedCrop(
  rng: RngStream,
  cfg: Pick<RandCropConfig, 'scale' | 'ratio'>,
  imgW: number,
  imgH: number,
): ResizedCropDraw {
  const area = imgW * imgH;
  for (let attempt = 0; attempt < 10; attempt++) {
    const targetArea = area * rng.uniformRange(cfg.scale[0], cfg.scale[1]);
    const ar = drawAspect(rng, cfg.ratio, true);
    const w = roundHalfEven(Math.sqrt(targetArea * ar));
    const h = roundHalfEven(Math.sqrt(targetArea / ar));
    if (w > 0 && w <= imgW && h > 0 && h <= imgH) {
      const y = rng.randint(0, imgH - h);
      const x = rng.randint(0, imgW - w);
      return { x, y, w, h, attempt };
    }
  }
  const inRatio = imgW / imgH;
  let w = imgW;
  let h = imgH;
  if (inRatio < Math.min(...cfg.ratio)) h = roundHalfEven(w / Math.min(...cfg.ratio));
  else if (inRatio > Math.max(...cfg.ratio)) w = roundHalfEven(h * Math.max(...cfg.ratio));
  return { x: floorDiv(imgW - w, 2), y: floorDiv(imgH - h, 2), w, h, attempt: -1 };
}

/** Crop the box and resize it to outW×outH (PaddleClas's default cv2 backend = bilinear without antialias). */
export function applyCropResize(
  img: RgbImage,
  box: CropBox,
  outW: number,
  outH: number,
  filter: ResizeFilter = 'bilinear',
  antialias = false,
): RgbImage {
  return resizeImage(cropImage(img, box.x, box.y, box.w, box.h), outW, outH, filter, antialias);
}
