// Mixup: λ ~ Beta(α, α) (mean 1/2), pixel blend and soft targets by hand, reproducible per batch key.
import { describe, expect, it } from 'vitest';
import { imageFrom } from '../../core/image.ts';
import { BATCH_SAMPLE, RngStream } from '../../rng/stream.ts';
import { applyMixup, sampleMixup } from './mixup.ref.ts';

const rng = (step: number) =>
  new RngStream({ seed: 1, epoch: 0, step, sample: BATCH_SAMPLE, stream: 0x10000 });

describe('MixupOperator', () => {
  it('λ has mean ≈ 0.5 for α = 0.2 and α = 1, and the permutation is a permutation', () => {
    for (const alpha of [0.2, 1]) {
      const lams = Array.from({ length: 4000 }, (_, s) => sampleMixup(rng(s), 8, alpha).lam);
      expect(Math.abs(lams.reduce((a, b) => a + b, 0) / lams.length - 0.5)).toBeLessThan(0.02);
    }
    const { perm } = sampleMixup(rng(3), 16, 1);
    expect([...perm].sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(sampleMixup(rng(3), 16, 1)).toEqual(sampleMixup(rng(3), 16, 1));
  });

  it('blends pixels and one-hot targets with λ', () => {
    const a = imageFrom(2, 1, () => 10);
    const b = imageFrom(2, 1, () => 50);
    const out = applyMixup([a, b], [0, 2], { perm: [1, 0], lam: 0.25 }, 3);
    expect(out.images[0].data[0]).toBeCloseTo(0.25 * 10 + 0.75 * 50, 5);
    expect(out.images[1].data[5]).toBeCloseTo(0.25 * 50 + 0.75 * 10, 5);
    expect(Array.from(out.targets)).toEqual([0.25, 0, 0.75, 0.75, 0, 0.25]);
  });

  it('rejects α ≤ 0 and labels out of range', () => {
    expect(() => sampleMixup(rng(0), 4, 0)).toThrow(
      'MixupOperator: parameter "alpha" should be greater than 0, got 0',
    );
    expect(() => applyMixup([imageFrom(1, 1, () => 0)], [5], { perm: [0], lam: 1 }, 3)).toThrow(
      /label 5 of sample 0/,
    );
  });
});
