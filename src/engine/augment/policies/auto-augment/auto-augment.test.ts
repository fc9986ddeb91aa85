// AutoAugment ImageNet policy: magnitude tables, sub-policy choice frequencies, step probabilities, fill 128.
import { describe, expect, it } from 'vitest';
import { RngStream } from '../../rng/stream.ts';
import { autoAugmentMagnitude, IMAGENET_POLICY, sampleAutoAugment } from './auto-augment.ref.ts';

const rng = (s: number) => new RngStream({ seed: 11, epoch: 0, step: 0, sample: s, stream: 2 });

describe('AutoAugment (ImageNet policy)', () => {
  it('magnitude tables equal np.linspace(…, 10)', () => {
    expect(Array.from({ length: 10 }, (_, i) => autoAugmentMagnitude('posterize', i))).toEqual([
      8, 8, 7, 7, 6, 6, 5, 5, 4, 4,
    ]);
    expect(autoAugmentMagnitude('rotate', 9)).toBe(30);
    expect(autoAugmentMagnitude('solarize', 5)).toBeCloseTo(256 - (256 * 5) / 9, 12);
    expect(autoAugmentMagnitude('shearX', 5)).toBeCloseTo((0.3 * 5) / 9, 12);
    expect(autoAugmentMagnitude('color', 0)).toBe(0);
    expect(autoAugmentMagnitude('equalize', 7)).toBe(0);
  });

  it('chooses among the 25 sub-policies evenly; each step fires with its p', () => {
    const n = 10000;
    const perPolicy = new Array(IMAGENET_POLICY.length).fill(0);
    let fired13 = 0;
    let seen13 = 0;
    for (let s = 0; s < n; s++) {
      const d = sampleAutoAugment(rng(s), 224, 224);
      perPolicy[d.policyIndex]++;
      if (d.policyIndex === 13) {
        // [0.6 invert, 1.0 equalize]
        seen13++;
        expect(d.calls.at(-1)).toEqual({ op: 'Equalize' });
        if (d.calls[0].op === 'Invert') fired13++;
      }
      if (d.policyIndex === 12) expect(d.calls.every((c) => c.op === 'Equalize')).toBe(true);
    }
    for (const c of perPolicy) expect(Math.abs(c / n - 1 / 25)).toBeLessThan(0.012);
    expect(Math.abs(fired13 / seen13 - 0.6)).toBeLessThan(0.1);
  });

  it('rotate uses nearest, fill 128 and a positive angle; shear draws a sign and uses bicubic', () => {
    const signs = new Set<number>();
    for (let s = 0; s < 3000; s++) {
      for (const c of sampleAutoAugment(rng(s), 224, 224).calls) {
        if (c.op === 'Rotate') {
          expect(c.resample).toBe('nearest');
          expect(c.fill).toEqual([128, 128, 128]);
          expect(c.degrees).toBeGreaterThan(0);
        }
        if (c.op === 'ShearX') {
          expect(c.resample).toBe('bicubic');
          expect(Math.abs(c.factor)).toBeCloseTo((0.3 * 5) / 9, 12);
          signs.add(Math.sign(c.factor));
        }
      }
    }
    expect(signs).toEqual(new Set([-1, 1]));
  });
});
