// CutmixOperator (PaddleClas batch_operators.py, Yun et al. 2019): λ ~ Beta(α, α), a box of side √(1−λ)·size
// centred at a uniform pixel and clipped; the box comes from x[perm]; λ is corrected to the kept area.
import type { RgbImage } from '../../core/image.ts';
import { floorDiv, pyInt } from '../../core/py-math.ts';
import type { RngStream } from '../../rng/stream.ts';
import { checkAlpha, type MixedBatch } from '../mixup/mixup.ref.ts';
import { mixTargets, samplePermutation } from '../soft-targets.ts';

export interface CutmixDraw {
  readonly perm: number[];
  /** λ after the area correction (what the targets use) */
  readonly lam: number;
  /** the Beta draw before correction */
  readonly lamRaw: number;
  /** rows [y1, y2), cols [x1, x2) */
  readonly y1: number;
  readonly y2: number;
  readonly x1: number;
  readonly x2: number;
}

const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** PaddleClas _rand_bbox on NCHW: its "w" is the row axis (size[2]) and is drawn first. */
export function sampleCutmix(
  rng: RngStream,
  batchSize: number,
  alpha: number,
  imgW: number,
  imgH: number,
): CutmixDraw {
  checkAlpha('CutmixOperator', alpha);
  const perm = samplePermutation(rng, batchSize);
  const lamRaw = rng.beta(alpha, alpha);
  const cutRat = Math.sqrt(1 - lamRaw);
  const cutRows = pyInt(imgH * cutRat);
  const cutCols = pyInt(imgW * cutRat);
  const cy = rng.below(imgH);
  const cx = rng.below(imgW);
  const y1 = clip(cy - floorDiv(cutRows, 2), 0, imgH);
  const x1 = clip(cx - floorDiv(cutCols, 2), 0, imgW);
  const y2 = clip(cy + floorDiv(cutRows, 2), 0, imgH);
  const x2 = clip(cx + floorDiv(cutCols, 2), 0, imgW);
  const lam = 1 - ((y2 - y1) * (x2 - x1)) / (imgW * imgH);
  return { perm, lam, lamRaw, y1, y2, x1, x2 };
}

export function applyCutmix(
  images: readonly RgbImage[],
  labels: readonly number[],
  draw: CutmixDraw,
  classNum: number,
): MixedBatch {
  const out = images.map((img, i) => {
    const other = images[draw.perm[i]];
    const data = img.data.slice();
    for (let y = draw.y1; y < draw.y2; y++) {
      const row = (y * img.width + draw.x1) * 3;
      data.set(other.data.subarray(row, row + (draw.x2 - draw.x1) * 3), row);
    }
    return { width: img.width, height: img.height, data };
  });
  return { images: out, targets: mixTargets(labels, draw.perm, draw.lam, classNum) };
}
