// Posterize exact on integer inputs: keep the top bits.
import { describe, expect, it } from 'vitest';
import { imageFrom } from '../../core/image.ts';
import { channel } from '../../testing/test-util.ts';
import { applyPosterize } from './posterize.ref.ts';

describe('Posterize', () => {
  const img = imageFrom(5, 1, (x) => [200, 63, 64, 255, 63.6][x]);
  it('bits 2 keeps 0xC0, bits 8 is the identity, bits 0 is black', () => {
    expect(channel(applyPosterize(img, 2), 0)).toEqual([192, 0, 64, 192, 64]);
    expect(channel(applyPosterize(img, 8), 0)).toEqual([200, 63, 64, 255, 64]);
    expect(channel(applyPosterize(img, 0), 0)).toEqual([0, 0, 0, 0, 0]);
    expect(channel(applyPosterize(img, 5), 1)).toEqual([200, 56, 64, 248, 64]);
  });
  it('rejects bits outside 0..8', () => {
    expect(() => applyPosterize(img, 9)).toThrow('Posterize: bits must be an integer in [0, 8], got 9');
  });
});
