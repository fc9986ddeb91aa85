// OpSampler: choice frequencies follow the probs, the remainder is "no op", totals above 1 are rejected.
import { describe, expect, it } from 'vitest';
import { BATCH_SAMPLE, RngStream } from '../../rng/stream.ts';
import { sampleOpSampler } from './op-sampler.ref.ts';

describe('OpSampler', () => {
  it('picks Mixup 0.3, Cutmix 0.5, nothing 0.2', () => {
    const counts = { mixup: 0, cutmix: 0, none: 0 };
    for (let s = 0; s < 5000; s++) {
      const rng = new RngStream({ seed: 3, epoch: 0, step: s, sample: BATCH_SAMPLE, stream: 0x10000 });
      const op = sampleOpSampler(rng, [
        { op: 'mixup' as const, prob: 0.3 },
        { op: 'cutmix' as const, prob: 0.5 },
      ]);
      counts[op ?? 'none']++;
    }
    expect(Math.abs(counts.mixup / 5000 - 0.3)).toBeLessThan(0.025);
    expect(Math.abs(counts.cutmix / 5000 - 0.5)).toBeLessThan(0.025);
    expect(Math.abs(counts.none / 5000 - 0.2)).toBeLessThan(0.025);
  });

  it('rejects probabilities summing above 1', () => {
    const rng = new RngStream({ seed: 3, epoch: 0, step: 0, sample: BATCH_SAMPLE, stream: 0 });
    expect(() =>
      sampleOpSampler(rng, [
        { op: 1, prob: 0.7 },
        { op: 2, prob: 0.6 },
      ]),
    ).toThrow('OpSampler: the total prob of operators should be ≤ 1, got 1.2999999999999998');
  });
});
