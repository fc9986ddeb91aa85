// Rotate: 180° exact, fill at the corners for 30°, counter-clockwise sense.
import { describe, expect, it } from 'vitest';
import { imageFrom, pixel } from '../../core/image.ts';
import { randomImage } from '../../testing/test-util.ts';
import { applyRotate } from './rotate.ref.ts';

describe('Rotate', () => {
  it('180° (nearest) maps (x, y) → (W−1−x, H−1−y)', () => {
    const img = randomImage(6, 4, 7);
    const out = applyRotate(img, 180, 'nearest', [0, 0, 0]);
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 6; x++) expect(pixel(out, x, y, 0)).toBe(pixel(img, 5 - x, 3 - y, 0));
  });

  it('is counter-clockwise: a mark right of centre moves up for +90°', () => {
    const img = imageFrom(9, 9, (x, y) => (x === 7 && y === 4 ? 255 : 0));
    const out = applyRotate(img, 90, 'nearest', [0, 0, 0]);
    expect(pixel(out, 4, 1, 0)).toBe(255);
  });

  it('fills the corners at 30° with the fill colour', () => {
    const out = applyRotate(randomImage(20, 20, 8), 30, 'bicubic', [128, 128, 128]);
    expect(pixel(out, 0, 0, 0)).toBe(128);
    expect(pixel(out, 19, 19, 1)).toBe(128);
  });
});
