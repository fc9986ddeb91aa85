// CropImage: centred start (W − w) // 2, and a clear error when the crop is too large.
import { describe, expect, it } from 'vitest';
import { pixel } from '../../core/image.ts';
import { randomImage } from '../../testing/test-util.ts';
import { applyCenterCrop } from './center-crop.ref.ts';

describe('CropImage', () => {
  it('starts at floor((W − w)/2)', () => {
    const img = randomImage(7, 6, 5);
    const out = applyCenterCrop(img, 4, 3);
    expect([out.width, out.height]).toEqual([4, 3]);
    for (let y = 0; y < 3; y++)
      for (let x = 0; x < 4; x++) expect(pixel(out, x, y, 2)).toBe(pixel(img, x + 1, y + 1, 2));
  });

  it('names the sizes when the crop does not fit', () => {
    expect(() => applyCenterCrop(randomImage(4, 4, 1), 5, 2)).toThrow(
      'CropImage: crop 5×2 is larger than the 4×4 image',
    );
  });
});
