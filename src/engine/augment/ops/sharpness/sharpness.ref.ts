// Sharpness as PIL ImageEnhance.Sharpness: blend with ImageFilter.SMOOTH (3×3 kernel [1 1 1; 1 5 1; 1 1 1]/13)
// by `factor`; PIL's filter copies the 1-pixel border, so border pixels come out unchanged.
import { clamp255, makeImage, type RgbImage } from '../../core/image.ts';

export function smoothFilter(img: RgbImage): RgbImage {
  const { width: w, height: h, data: d } = img;
  const out = makeImage(w, h, d.slice());
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      for (let c = 0; c < 3; c++) {
        let acc = 4 * d[(y * w + x) * 3 + c];
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++) acc += d[((y + dy) * w + x + dx) * 3 + c];
        out.data[(y * w + x) * 3 + c] = acc / 13;
      }
    }
  }
  return out;
}

export function applySharpness(img: RgbImage, factor: number): RgbImage {
  const smooth = smoothFilter(img);
  const out = makeImage(img.width, img.height);
  for (let i = 0; i < img.data.length; i++) {
    out.data[i] = clamp255(smooth.data[i] + factor * (img.data[i] - smooth.data[i]));
  }
  return out;
}
