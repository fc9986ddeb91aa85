// TranslateX/Y: shifted content, fill on the uncovered side.
import { describe, expect, it } from 'vitest';
import { pixel } from '../../core/image.ts';
import { randomImage } from '../../testing/test-util.ts';
import { applyTranslate } from './translate.ref.ts';

describe('Translate', () => {
  const img = randomImage(6, 5, 3);
  it('TranslateX +2 moves content left and fills the last two columns', () => {
    const out = applyTranslate(img, 'x', 2, 'nearest', [1, 2, 3]);
    for (let y = 0; y < 5; y++) {
      for (let x = 0; x < 4; x++) expect(pixel(out, x, y, 1)).toBe(pixel(img, x + 2, y, 1));
      expect(pixel(out, 4, y, 0)).toBe(1);
      expect(pixel(out, 5, y, 2)).toBe(3);
    }
  });
  it('TranslateY −1 moves content down and fills the first row', () => {
    const out = applyTranslate(img, 'y', -1, 'nearest', [9, 9, 9]);
    for (let x = 0; x < 6; x++) {
      expect(pixel(out, x, 0, 0)).toBe(9);
      for (let y = 1; y < 5; y++) expect(pixel(out, x, y, 0)).toBe(pixel(img, x, y - 1, 0));
    }
  });
});
