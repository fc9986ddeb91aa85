// ShearX/ShearY as PaddleClas/timm call PIL: transform(AFFINE, (1, f, 0, 0, 1, 0)) resp. (1, 0, 0, f, 1, 0).
import { type Resample, warpAffine } from '../../core/affine.ts';
import type { RgbImage } from '../../core/image.ts';

export function applyShear(
  img: RgbImage,
  axis: 'x' | 'y',
  factor: number,
  resample: Resample,
  fill: readonly [number, number, number],
): RgbImage {
  return warpAffine(img, axis === 'x' ? [1, factor, 0, 0, 1, 0] : [1, 0, 0, factor, 1, 0], resample, fill);
}
