// Rotate as PIL Image.rotate(degrees) (counter-clockwise about the centre, same size) with a fill colour;
// PaddleClas's rotate_with_fill (RGBA rotate + composite on grey 128) equals nearest + fill 128.
import { type Resample, rotationMatrix, warpAffine } from '../../core/affine.ts';
import type { RgbImage } from '../../core/image.ts';

export function applyRotate(
  img: RgbImage,
  degrees: number,
  resample: Resample,
  fill: readonly [number, number, number],
): RgbImage {
  return warpAffine(img, rotationMatrix(degrees, img.width, img.height), resample, fill);
}
