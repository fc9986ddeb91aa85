// PIL affine conventions: pixel centres, nearest truncation, bilinear/bicubic edge clamping, fill outside.
import { describe, expect, it } from 'vitest';
import { maxAbsDiff, randomImage } from '../testing/test-util.ts';
import { rotationMatrix, sampleAt, warpAffine } from './affine.ts';
import { imageFrom, pixel } from './image.ts';

const FILL = [7, 8, 9] as const;

describe('warpAffine', () => {
  it('identity matrix is the identity for all three filters', () => {
    const img = randomImage(9, 7, 1);
    for (const r of ['nearest', 'bilinear', 'bicubic'] as const) {
      expect(maxAbsDiff(warpAffine(img, [1, 0, 0, 0, 1, 0], r, FILL).data, img.data)).toBeLessThan(1e-9);
    }
  });

  it('translate by +1 (nearest) shifts left and fills the last column', () => {
    const img = randomImage(6, 4, 2);
    const out = warpAffine(img, [1, 0, 1, 0, 1, 0], 'nearest', FILL);
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 5; x++)
        for (let c = 0; c < 3; c++) expect(pixel(out, x, y, c)).toBe(pixel(img, x + 1, y, c));
      for (let c = 0; c < 3; c++) expect(pixel(out, 5, y, c)).toBe(FILL[c]);
    }
  });

  it('bilinear half-pixel shift averages neighbours, fills where the centre leaves the image', () => {
    const img = imageFrom(4, 1, (x) => x * 10);
    const out = warpAffine(img, [1, 0, 0.5, 0, 1, 0], 'bilinear', FILL);
    expect(Array.from({ length: 4 }, (_, x) => pixel(out, x, 0, 0))).toEqual([5, 15, 25, 7]);
  });

  it('bicubic uses a = −1 and clamps taps at the edge', () => {
    const img = imageFrom(4, 1, (x) => [0, 0, 100, 100][x]);
    // centre between x=1 and x=2 (d = 0.5): v1=0,v2=0,v3=100,v4=100 → 0 + .5(100) + .25(0+100−100) + .125(0−100+100)
    expect(sampleAt(img, 2, 0.5, 0, 'bicubic')).toBeCloseTo(50, 12);
    // d = 0.25 on the same step: 0 + .25·100 + .0625·(0 + 100 − 100) = 25
    expect(sampleAt(img, 1.75, 0.5, 0, 'bicubic')).toBeCloseTo(25, 10);
    // a spike [0,100,0,0] at d = .5: a = −1 gives 62.5 (PIL's resize kernel a = −0.5 would give 56.25)
    const spike = imageFrom(4, 1, (x) => (x === 1 ? 100 : 0));
    expect(sampleAt(spike, 2, 0.5, 0, 'bicubic')).toBeCloseTo(62.5, 10);
    expect(sampleAt(img, -0.01, 0.5, 0, 'bicubic')).toBeUndefined();
    expect(sampleAt(img, 4, 0.5, 0, 'bilinear')).toBeUndefined();
  });

  it('rotation by 90° (PIL, counter-clockwise) maps out(x,y) = in(W−1−y, x) on a square', () => {
    const img = randomImage(5, 5, 3);
    const out = warpAffine(img, rotationMatrix(90, 5, 5), 'nearest', FILL);
    for (let y = 0; y < 5; y++)
      for (let x = 0; x < 5; x++) expect(pixel(out, x, y, 1)).toBe(pixel(img, 4 - y, x, 1));
  });

  it('rotation by 45° fills the corners and keeps the centre', () => {
    const img = randomImage(9, 9, 4);
    const out = warpAffine(img, rotationMatrix(45, 9, 9), 'bilinear', FILL);
    for (const [x, y] of [
      [0, 0],
      [8, 0],
      [0, 8],
      [8, 8],
    ]) {
      expect([0, 1, 2].map((c) => pixel(out, x, y, c))).toEqual([...FILL]);
    }
    expect(pixel(out, 4, 4, 0)).toBeCloseTo(pixel(img, 4, 4, 0), 6);
  });
});
