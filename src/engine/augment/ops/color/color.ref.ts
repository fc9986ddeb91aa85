// Color (saturation) as PIL ImageEnhance.Color: blend toward the pixel's own luma by `factor`, clip.
import { clamp255, luma, makeImage, type RgbImage } from '../../core/image.ts';

export function applyColor(img: RgbImage, factor: number): RgbImage {
  const out = makeImage(img.width, img.height);
  const d = img.data;
  for (let i = 0; i < d.length; i += 3) {
    const g = luma(d[i], d[i + 1], d[i + 2]);
    for (let c = 0; c < 3; c++) out.data[i + c] = clamp255(g + factor * (d[i + c] - g));
  }
  return out;
}

/** Grey RGB (r = g = b = luma): RandomGrayscale and Color(0). */
export function applyGrayscale(img: RgbImage): RgbImage {
  return applyColor(img, 0);
}
