// RandomErasing: probability EPSILON, box area/aspect bounds, const/rand/pixel fills, reproducible pixel noise.
import { describe, expect, it } from 'vitest';
import { pixel } from '../../core/image.ts';
import { RngStream } from '../../rng/stream.ts';
import { randomImage } from '../../testing/test-util.ts';
import { applyRandomErasing, DEFAULT_RANDOM_ERASING, sampleRandomErasing } from './random-erasing.ref.ts';

const rng = (s: number) => new RngStream({ seed: 8, epoch: 2, step: 3, sample: s, stream: 6 });

describe('RandomErasing', () => {
  it('erases about EPSILON = 0.5 of the samples, with area in [sl, sh] and aspect in [r1, 1/r1]', () => {
    let erased = 0;
    for (let s = 0; s < 2000; s++) {
      const d = sampleRandomErasing(rng(s), DEFAULT_RANDOM_ERASING, 224, 224);
      if (!d) continue;
      erased++;
      const area = (d.h * d.w) / 224 ** 2;
      expect(area).toBeGreaterThan(0.02 * 0.9);
      expect(area).toBeLessThan(0.4 * 1.1);
      expect(d.h / d.w).toBeGreaterThan(0.3 * 0.9);
      expect(d.h / d.w).toBeLessThan((1 / 0.3) * 1.1);
      expect(d.top + d.h).toBeLessThanOrEqual(224);
      expect(d.left + d.w).toBeLessThanOrEqual(224);
    }
    expect(Math.abs(erased / 2000 - 0.5)).toBeLessThan(0.04);
  });

  it('const mode writes `mean`; rand mode one colour; pixel mode reproducible per-pixel noise', () => {
    const img = randomImage(32, 32, 2);
    const always = { ...DEFAULT_RANDOM_ERASING, EPSILON: 1 };
    const c = sampleRandomErasing(rng(1), { ...always, mean: [1, 2, 3] }, 32, 32)!;
    const out = applyRandomErasing(img, c);
    expect([0, 1, 2].map((ch) => pixel(out, c.left, c.top, ch))).toEqual([1, 2, 3]);
    if (c.top > 0) expect(pixel(out, c.left, c.top - 1, 0)).toBe(pixel(img, c.left, c.top - 1, 0));

    const r = sampleRandomErasing(rng(1), { ...always, mode: 'rand' }, 32, 32)!;
    const outR = applyRandomErasing(img, r);
    expect(pixel(outR, r.left + r.w - 1, r.top + r.h - 1, 2)).toBe(pixel(outR, r.left, r.top, 2));

    const p = sampleRandomErasing(rng(1), { ...always, mode: 'pixel' }, 32, 32)!;
    const a = applyRandomErasing(img, p);
    const b = applyRandomErasing(img, sampleRandomErasing(rng(1), { ...always, mode: 'pixel' }, 32, 32)!);
    expect(a.data).toEqual(b.data);
    const vals = new Set<number>();
    for (let i = 0; i < p.h; i++) for (let j = 0; j < p.w; j++) vals.add(pixel(a, p.left + j, p.top + i, 0));
    expect(vals.size).toBe(p.h * p.w);
  });

  it('gives up after `attempt` tries when no box fits', () => {
    expect(
      sampleRandomErasing(rng(0), { ...DEFAULT_RANDOM_ERASING, EPSILON: 1, sl: 0.99, sh: 1 }, 8, 8),
    ).toBeUndefined();
  });
});
