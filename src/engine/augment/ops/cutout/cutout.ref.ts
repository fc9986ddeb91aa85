// Cutout (PaddleClas cutout.py, from uoguelph-mlrg/Cutout): n_holes squares of side `length` centred at a
// uniform pixel, clipped to the image, filled with 0 (PaddleClas's cv2 fill path is unreachable, see README).

import type { RgbImage } from '../../core/image.ts';
import { floorDiv } from '../../core/py-math.ts';
import type { RngStream } from '../../rng/stream.ts';

export interface Box {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Per hole: y = randint(h), x = randint(w) (numpy order: y first). */
export function sampleCutout(
  rng: RngStream,
  nHoles: number,
  length: number,
  imgW: number,
  imgH: number,
): Box[] {
  const half = floorDiv(length, 2);
  const boxes: Box[] = [];
  for (let n = 0; n < nHoles; n++) {
    const y = rng.below(imgH);
    const x = rng.below(imgW);
    boxes.push({
      x1: clip(x - half, 0, imgW),
      y1: clip(y - half, 0, imgH),
      x2: clip(x + half, 0, imgW),
      y2: clip(y + half, 0, imgH),
    });
  }
  return boxes;
}

/** Fill [x1,x2)×[y1,y2) of a copy with a constant per channel. */
export function fillBoxes(
  img: RgbImage,
  boxes: readonly Box[],
  fill: readonly [number, number, number],
): RgbImage {
  const out = { width: img.width, height: img.height, data: img.data.slice() };
  for (const b of boxes) {
    for (let y = b.y1; y < b.y2; y++)
      for (let x = b.x1; x < b.x2; x++)
        for (let c = 0; c < 3; c++) out.data[(y * img.width + x) * 3 + c] = fill[c];
  }
  return out;
}
