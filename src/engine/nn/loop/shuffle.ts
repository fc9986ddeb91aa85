// Seeded epoch order for the training loop: a Fisher–Yates permutation per (seed, epoch), cut into fixed-size
// batches because a compiled schedule has one batch size (the last batch is topped up from the epoch's start).
export { mulberry32 } from '../../random/mulberry32.ts';

import { mulberry32 } from '../../random/mulberry32.ts';

/** A permutation of 0..n−1 that depends only on (n, seed, epoch). */
export function epochPermutation(n: number, seed: number, epoch: number): Uint32Array {
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`epochPermutation: n must be a positive integer, got ${n}`);
  const rand = mulberry32((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca77)) >>> 0);
  const p = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/**
 * The epoch's batches of exactly `batch` indices: ⌈n/batch⌉ of them, every index at least once; the last batch
 * wraps around to the permutation's start (each epoch sees a few images twice rather than dropping any).
 */
export function epochBatches(n: number, batch: number, seed: number, epoch: number): Uint32Array[] {
  if (!Number.isInteger(batch) || batch < 1)
    throw new Error(`epochBatches: batch must be a positive integer, got ${batch}`);
  const p = epochPermutation(n, seed, epoch);
  const count = Math.ceil(n / batch);
  return Array.from({ length: count }, (_, b) =>
    Uint32Array.from({ length: batch }, (_, i) => p[(b * batch + i) % n]),
  );
}
