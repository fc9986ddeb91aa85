// Sharpness: PIL SMOOTH kernel in the interior, border pixels untouched for any factor.
import { describe, expect, it } from 'vitest';
import { imageFrom, pixel } from '../../core/image.ts';
import { randomImage } from '../../testing/test-util.ts';
import { applySharpness, smoothFilter } from './sharpness.ref.ts';

describe('Sharpness', () => {
  it('smooths the centre of a 3×3 spike to 5·255/13', () => {
    const img = imageFrom(3, 3, (x, y) => (x === 1 && y === 1 ? 255 : 0));
    expect(pixel(smoothFilter(img), 1, 1, 0)).toBeCloseTo((5 * 255) / 13, 4);
    expect(pixel(applySharpness(img, 0), 1, 1, 0)).toBeCloseTo((5 * 255) / 13, 4);
    // factor 2: 2·255 − 1·(5·255/13) clipped → 255
    expect(pixel(applySharpness(img, 2), 1, 1, 0)).toBe(255);
  });

  it('leaves the one-pixel border unchanged', () => {
    const img = randomImage(6, 5, 4);
    for (const f of [0, 0.3, 1.9]) {
      const out = applySharpness(img, f);
      for (let y = 0; y < 5; y++)
        for (let x = 0; x < 6; x++)
          if (x === 0 || y === 0 || x === 5 || y === 4)
            for (let c = 0; c < 3; c++) expect(pixel(out, x, y, c)).toBe(pixel(img, x, y, c));
    }
  });

  it('interior at factor 0.5 is the midpoint of image and smooth', () => {
    const img = randomImage(5, 5, 6);
    const s = smoothFilter(img);
    const out = applySharpness(img, 0.5);
    expect(pixel(out, 2, 2, 1)).toBeCloseTo((pixel(img, 2, 2, 1) + pixel(s, 2, 2, 1)) / 2, 4);
  });
});
