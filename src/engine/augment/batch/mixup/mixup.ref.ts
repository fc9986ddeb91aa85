// MixupOperator (PaddleClas batch_operators.py, Zhang et al. 2018): one λ ~ Beta(α, α) and one permutation per
// batch; x = λ·x + (1 − λ)·x[perm], targets mixed the same way.
import { makeImage, type RgbImage } from '../../core/image.ts';
import type { RngStream } from '../../rng/stream.ts';
import { mixTargets, samplePermutation } from '../soft-targets.ts';

export interface MixDraw {
  readonly perm: number[];
  readonly lam: number;
}

export interface MixedBatch {
  readonly images: RgbImage[];
  /** [N, classNum] soft targets */
  readonly targets: Float32Array;
}

export function checkAlpha(op: string, alpha: number): void {
  if (!(alpha > 0)) throw new RangeError(`${op}: parameter "alpha" should be greater than 0, got ${alpha}`);
}

/** numpy order: permutation first, then λ. */
export function sampleMixup(rng: RngStream, batchSize: number, alpha: number): MixDraw {
  checkAlpha('MixupOperator', alpha);
  const perm = samplePermutation(rng, batchSize);
  return { perm, lam: rng.beta(alpha, alpha) };
}

export function applyMixup(
  images: readonly RgbImage[],
  labels: readonly number[],
  draw: MixDraw,
  classNum: number,
): MixedBatch {
  const { lam, perm } = draw;
  const out = images.map((img, i) => {
    const other = images[perm[i]];
    const mixed = makeImage(img.width, img.height);
    for (let k = 0; k < img.data.length; k++) mixed.data[k] = lam * img.data[k] + (1 - lam) * other.data[k];
    return mixed;
  });
  return { images: out, targets: mixTargets(labels, perm, lam, classNum) };
}
