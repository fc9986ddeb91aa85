// RandFlipImage (PaddleClas): with probability 1/2 flip by OpenCV's flip_code (1 horizontal, 0 vertical, −1 both).
import { makeImage, type RgbImage } from '../../core/image.ts';
import type { RngStream } from '../../rng/stream.ts';

export type FlipCode = -1 | 0 | 1;

/** PaddleClas: random.randint(0, 1) == 1 → flip. One u32. */
export function sampleRandFlip(rng: RngStream): boolean {
  return rng.randint(0, 1) === 1;
}

export function applyFlip(img: RgbImage, flipCode: FlipCode): RgbImage {
  const { width: w, height: h } = img;
  const out = makeImage(w, h);
  const flipX = flipCode !== 0;
  const flipY = flipCode !== 1;
  for (let y = 0; y < h; y++) {
    const sy = flipY ? h - 1 - y : y;
    for (let x = 0; x < w; x++) {
      const sx = flipX ? w - 1 - x : x;
      for (let c = 0; c < 3; c++) out.data[(y * w + x) * 3 + c] = img.data[(sy * w + sx) * 3 + c];
    }
  }
  return out;
}
