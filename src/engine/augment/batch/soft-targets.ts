// Soft targets for batch mixing: lam·onehot(label) + (1 − lam)·onehot(label[perm]), row-major [N, classes].
import type { RngStream } from '../rng/stream.ts';

export function mixTargets(
  labels: readonly number[],
  perm: readonly number[],
  lam: number,
  classNum: number,
): Float32Array {
  const out = new Float32Array(labels.length * classNum);
  labels.forEach((label, i) => {
    for (const [l, w] of [
      [label, lam],
      [labels[perm[i]], 1 - lam],
    ] as const) {
      if (!Number.isInteger(l) || l < 0 || l >= classNum) {
        throw new RangeError(`batch mixing: label ${l} of sample ${i} is outside [0, ${classNum})`);
      }
      out[i * classNum + l] += w;
    }
  });
  return out;
}

/** One-hot targets for a batch that no mixing op touched, so every batch has the same target layout. */
export function oneHotTargets(labels: readonly number[], classNum: number): Float32Array {
  return mixTargets(
    labels,
    labels.map((_, i) => i),
    1,
    classNum,
  );
}

/** numpy.random.permutation(n) stand-in: Fisher-Yates from the end with exact integer draws. */
export function samplePermutation(rng: RngStream, n: number): number[] {
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  return perm;
}
