// PaddleClas RandAugment (N=2, M=5): level map, op frequencies, always N calls.
import { describe, expect, it } from 'vitest';
import { RngStream } from '../../rng/stream.ts';
import { PADDLE_OPS } from '../paddle-op-call.ts';
import { DEFAULT_RAND_AUGMENT, randAugmentLevel, sampleRandAugment } from './rand-augment.ref.ts';

const rng = (s: number) => new RngStream({ seed: 12, epoch: 1, step: 0, sample: s, stream: 3 });

describe('RandAugment (PaddleClas)', () => {
  it('levels at M = 5', () => {
    expect(randAugmentLevel('shearX', 5)).toBeCloseTo(0.15, 12);
    expect(randAugmentLevel('translateY', 5)).toBeCloseTo(75 / 331, 12);
    expect(randAugmentLevel('rotate', 5)).toBe(15);
    expect(randAugmentLevel('posterize', 5)).toBe(2);
    expect(randAugmentLevel('solarize', 5)).toBe(128);
    expect(randAugmentLevel('brightness', 5)).toBeCloseTo(0.45, 12);
  });

  it('applies exactly N ops drawn evenly from the 14, with their M=5 arguments', () => {
    const counts = new Map<string, number>();
    const n = 7000;
    for (let s = 0; s < n; s++) {
      const calls = sampleRandAugment(rng(s), DEFAULT_RAND_AUGMENT, 200, 100);
      expect(calls).toHaveLength(2);
      for (const c of calls) {
        counts.set(c.op, (counts.get(c.op) ?? 0) + 1);
        if (c.op === 'Posterize') expect(c.bits).toBe(2);
        if (c.op === 'TranslateX') expect(Math.abs(c.pixels)).toBeCloseTo((75 / 331) * 200, 10);
        if (c.op === 'TranslateY') expect(Math.abs(c.pixels)).toBeCloseTo((75 / 331) * 100, 10);
        if (c.op === 'Contrast') expect([0.55, 1.45].some((f) => Math.abs(f - c.factor) < 1e-12)).toBe(true);
        if (c.op === 'Rotate') expect(c.degrees).toBe(15);
      }
    }
    expect(counts.size).toBe(PADDLE_OPS.length);
    for (const c of counts.values()) expect(Math.abs(c / (2 * n) - 1 / 14)).toBeLessThan(0.012);
  });
});
