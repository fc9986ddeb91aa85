// PIL resize coefficients checked by hand on ramps; identity resizes; OpenCV-style (no antialias) halving.
import { describe, expect, it } from 'vitest';
import { maxAbsDiff, randomImage } from '../testing/test-util.ts';
import { imageFrom, pixel } from './image.ts';
import { resampleCoeffs, resizeImage } from './resample.ts';

const ramp = (w: number) => imageFrom(w, 1, (x) => x * 10);
const row = (img: ReturnType<typeof ramp>) =>
  Array.from({ length: img.width }, (_, x) => pixel(img, x, 0, 0));

describe('resizeImage (PIL conventions)', () => {
  it('same size is the identity for bilinear and bicubic', () => {
    const img = randomImage(7, 5, 1);
    for (const f of ['bilinear', 'bicubic'] as const)
      expect(maxAbsDiff(resizeImage(img, 7, 5, f).data, img.data)).toBeLessThan(1e-4);
  });

  it('antialiased bilinear halving uses weights [1,3,3,1]/8 (renormalised at the border)', () => {
    const c = resampleCoeffs(8, 4, 'bilinear', true);
    expect(Array.from(c.weights.slice(c.taps, c.taps + 4))).toEqual([1 / 8, 3 / 8, 3 / 8, 1 / 8]);
    const out = row(resizeImage(ramp(8), 4, 1, 'bilinear'));
    // x=0: taps 0,1,2 with .75,.75,.25 → (0·.75 + 10·.75 + 20·.25)/1.75
    expect(out[0]).toBeCloseTo(12.5 / 1.75, 4);
    expect(out[1]).toBeCloseTo(25, 4);
    expect(out[2]).toBeCloseTo(45, 4);
  });

  it('without antialias, bilinear halving averages pixel pairs (OpenCV INTER_LINEAR)', () => {
    expect(row(resizeImage(ramp(8), 4, 1, 'bilinear', false))).toEqual([5, 25, 45, 65]);
  });

  it('bilinear doubling interpolates at half-pixel centres and clamps at the edges', () => {
    const out = row(resizeImage(ramp(3), 6, 1, 'bilinear'));
    expect(out.map((v) => Math.round(v * 1000) / 1000)).toEqual([0, 2.5, 7.5, 12.5, 17.5, 20]);
  });

  it('rejects a non-integer size', () => {
    expect(() => resizeImage(ramp(4), 2.5, 1, 'bilinear')).toThrow(/positive integers/);
  });
});
