// Contrast: blend with the rounded mean luma of the image.
import { describe, expect, it } from 'vitest';
import { imageFrom } from '../../core/image.ts';
import { channel } from '../../testing/test-util.ts';
import { applyContrast, meanGrey } from './contrast.ref.ts';

describe('Contrast', () => {
  const img = imageFrom(2, 1, (x) => (x === 0 ? 10 : 101));
  it('the degenerate grey is int(mean + 0.5) of the luma', () => {
    expect(meanGrey(img)).toBe(56);
  });
  it('factor 0 is flat grey, 2 doubles the distance from it (clipped)', () => {
    expect(channel(applyContrast(img, 0), 1)).toEqual([56, 56]);
    expect(channel(applyContrast(img, 2), 0)).toEqual([0, 146]);
    expect(channel(applyContrast(img, 0.5), 0)).toEqual([33, 78.5]);
  });
});
