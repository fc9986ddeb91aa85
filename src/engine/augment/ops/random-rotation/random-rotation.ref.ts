// RandomRotation (paddle.vision.transforms): angle ~ U(−degrees, degrees), PIL rotate about the centre with
// the given resample (default nearest) and fill.
import type { Resample } from '../../core/affine.ts';
import type { RgbImage } from '../../core/image.ts';
import type { RngStream } from '../../rng/stream.ts';
import { applyRotate } from '../rotate/rotate.ref.ts';

export function sampleRandomRotation(rng: RngStream, degrees: readonly [number, number]): number {
  return rng.uniformRange(degrees[0], degrees[1]);
}

export function applyRandomRotation(
  img: RgbImage,
  angle: number,
  resample: Resample,
  fill: readonly [number, number, number],
): RgbImage {
  return applyRotate(img, angle, resample, fill);
}
