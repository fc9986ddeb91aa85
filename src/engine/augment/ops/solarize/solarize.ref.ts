// Solarize as PIL ImageOps.solarize (v < threshold ? v : 255 − v) and timm's SolarizeAdd (v < threshold ?
// min(255, v + add) : v).
import { mapValues, type RgbImage } from '../../core/image.ts';

export function applySolarize(img: RgbImage, threshold: number): RgbImage {
  return mapValues(img, (v) => (v < threshold ? v : 255 - v));
}

export function applySolarizeAdd(img: RgbImage, add: number, threshold = 128): RgbImage {
  return mapValues(img, (v) => (v < threshold ? Math.min(255, v + add) : v));
}
