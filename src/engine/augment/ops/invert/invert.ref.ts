// Invert as PIL ImageOps.invert: 255 − v.
import { mapValues, type RgbImage } from '../../core/image.ts';

export function applyInvert(img: RgbImage): RgbImage {
  return mapValues(img, (v) => 255 - v);
}
