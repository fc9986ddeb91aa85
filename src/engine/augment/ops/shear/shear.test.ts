// ShearX/Y: row/column offsets by hand at nearest, fill at the borders.
import { describe, expect, it } from 'vitest';
import { pixel } from '../../core/image.ts';
import { randomImage } from '../../testing/test-util.ts';
import { applyShear } from './shear.ref.ts';

const FILL = [128, 128, 128] as const;

describe('Shear', () => {
  it('ShearX 1.0 (nearest): out(x, y) = in(x + y + 0.5 → trunc, y) or fill past the right edge', () => {
    const img = randomImage(6, 4, 1);
    const out = applyShear(img, 'x', 1, 'nearest', FILL);
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 6; x++) {
        const sx = Math.trunc(x + 0.5 + (y + 0.5));
        expect(pixel(out, x, y, 0)).toBe(sx < 6 ? pixel(img, sx, y, 0) : 128);
      }
  });

  it('ShearY −0.5 (bilinear): top-right corner comes from above the image → fill', () => {
    const img = randomImage(8, 8, 2);
    const out = applyShear(img, 'y', -0.5, 'bilinear', FILL);
    expect(pixel(out, 7, 0, 2)).toBe(128);
    expect(pixel(out, 0, 7, 2)).toBeCloseTo(pixel(img, 0, 7, 2) * 0.75 + pixel(img, 0, 6, 2) * 0.25, 4);
  });
});
