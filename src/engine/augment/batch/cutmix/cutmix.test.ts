// Cutmix: box from x[perm], λ corrected to the kept area, box size √(1 − λ) before clipping.
import { describe, expect, it } from 'vitest';
import { imageFrom, pixel } from '../../core/image.ts';
import { BATCH_SAMPLE, RngStream } from '../../rng/stream.ts';
import { applyCutmix, sampleCutmix } from './cutmix.ref.ts';

const rng = (step: number) =>
  new RngStream({ seed: 2, epoch: 0, step, sample: BATCH_SAMPLE, stream: 0x10001 });

describe('CutmixOperator', () => {
  it('corrected λ = 1 − box area / image area; unclipped boxes have side 2·(int(s·√(1−λ))//2)', () => {
    for (let s = 0; s < 500; s++) {
      const d = sampleCutmix(rng(s), 4, 1, 64, 48);
      expect(d.lam).toBeCloseTo(1 - ((d.y2 - d.y1) * (d.x2 - d.x1)) / (64 * 48), 12);
      const r = Math.sqrt(1 - d.lamRaw);
      if (d.x1 > 0 && d.x2 < 64) expect(d.x2 - d.x1).toBe(2 * Math.floor(Math.trunc(64 * r) / 2));
      if (d.y1 > 0 && d.y2 < 48) expect(d.y2 - d.y1).toBe(2 * Math.floor(Math.trunc(48 * r) / 2));
    }
  });

  it('the raw λ has mean ≈ 0.5 for α = 1', () => {
    const lams = Array.from({ length: 4000 }, (_, s) => sampleCutmix(rng(s), 2, 1, 32, 32).lamRaw);
    expect(Math.abs(lams.reduce((a, b) => a + b, 0) / lams.length - 0.5)).toBeLessThan(0.02);
  });

  it('pastes the box from the partner image and mixes targets with the corrected λ', () => {
    const a = imageFrom(4, 4, () => 1);
    const b = imageFrom(4, 4, () => 2);
    const draw = { perm: [1, 0], lam: 0.75, lamRaw: 0.7, y1: 1, y2: 3, x1: 0, x2: 2 };
    const out = applyCutmix([a, b], [0, 1], draw, 2);
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 4; x++) {
        const inBox = y >= 1 && y < 3 && x < 2;
        expect(pixel(out.images[0], x, y, 2)).toBe(inBox ? 2 : 1);
        expect(pixel(out.images[1], x, y, 0)).toBe(inBox ? 1 : 2);
      }
    expect(Array.from(out.targets)).toEqual([0.75, 0.25, 0.25, 0.75]);
  });
});
