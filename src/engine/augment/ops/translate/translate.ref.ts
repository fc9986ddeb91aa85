// TranslateX/TranslateY as PIL transform(AFFINE, (1, 0, t, 0, 1, 0)): output(x) = input(x + t), so t > 0 moves
// the content left/up. PaddleClas passes no resample here, i.e. PIL's default NEAREST.
import { type Resample, warpAffine } from '../../core/affine.ts';
import type { RgbImage } from '../../core/image.ts';

export function applyTranslate(
  img: RgbImage,
  axis: 'x' | 'y',
  pixels: number,
  resample: Resample,
  fill: readonly [number, number, number],
): RgbImage {
  return warpAffine(img, axis === 'x' ? [1, 0, pixels, 0, 1, 0] : [1, 0, 0, 0, 1, pixels], resample, fill);
}
