// Posterize as PIL ImageOps.posterize(bits): keep the top `bits` bits of each integer level (bits 0 → 0).
import { mapValues, type RgbImage, toLevel } from '../../core/image.ts';

export function applyPosterize(img: RgbImage, bits: number): RgbImage {
  if (!Number.isInteger(bits) || bits < 0 || bits > 8) {
    throw new RangeError(`Posterize: bits must be an integer in [0, 8], got ${bits}`);
  }
  const mask = ~(2 ** (8 - bits) - 1) & 0xff;
  return mapValues(img, (v) => toLevel(v) & mask);
}
