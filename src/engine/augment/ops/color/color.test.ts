// Color (saturation): blend with the pixel's luma.
import { describe, expect, it } from 'vitest';
import { imageFrom, pixel } from '../../core/image.ts';
import { maxAbsDiff, randomImage } from '../../testing/test-util.ts';
import { applyColor } from './color.ref.ts';

describe('Color', () => {
  it('factor 0 is grey, 1 is the identity, 2 doubles the distance from grey (clipped)', () => {
    const img = imageFrom(1, 1, (_x, _y, c) => [200, 100, 50][c]);
    const g = 0.299 * 200 + 0.587 * 100 + 0.114 * 50;
    expect(pixel(applyColor(img, 0), 0, 0, 2)).toBeCloseTo(g, 4);
    const two = applyColor(img, 2);
    expect(pixel(two, 0, 0, 0)).toBeCloseTo(Math.min(255, g + 2 * (200 - g)), 4);
    expect(pixel(two, 0, 0, 2)).toBeCloseTo(Math.max(0, g + 2 * (50 - g)), 4);
    const r = randomImage(6, 4, 1);
    expect(maxAbsDiff(applyColor(r, 1).data, r.data)).toBeLessThan(1e-4);
  });
});
