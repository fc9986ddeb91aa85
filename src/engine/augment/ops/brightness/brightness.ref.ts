// Brightness as PIL ImageEnhance.Brightness: blend toward black, i.e. v·factor, clip.
import { clamp255, mapValues, type RgbImage } from '../../core/image.ts';

export function applyBrightness(img: RgbImage, factor: number): RgbImage {
  return mapValues(img, (v) => clamp255(v * factor));
}
