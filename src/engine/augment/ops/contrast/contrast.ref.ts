// Contrast as PIL ImageEnhance.Contrast: blend toward the grey level int(mean(L) + 0.5) by `factor`, clip.
import { clamp255, luma, mapValues, type RgbImage } from '../../core/image.ts';

/** PIL's degenerate grey: the rounded mean luma of the whole image (a reduction on the GPU). */
export function meanGrey(img: RgbImage): number {
  let sum = 0;
  const d = img.data;
  for (let i = 0; i < d.length; i += 3) sum += luma(d[i], d[i + 1], d[i + 2]);
  return Math.floor(sum / (d.length / 3) + 0.5);
}

export function applyContrast(img: RgbImage, factor: number): RgbImage {
  const grey = meanGrey(img);
  return mapValues(img, (v) => clamp255(grey + factor * (v - grey)));
}
