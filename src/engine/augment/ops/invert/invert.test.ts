// Invert: 255 − v, an involution.
import { describe, expect, it } from 'vitest';
import { randomImage } from '../../testing/test-util.ts';
import { applyInvert } from './invert.ref.ts';

describe('Invert', () => {
  it('maps v → 255 − v and twice is the identity', () => {
    const img = randomImage(5, 4, 3);
    const out = applyInvert(img);
    for (let i = 0; i < img.data.length; i++) expect(out.data[i]).toBe(255 - img.data[i]);
    expect(applyInvert(out).data).toEqual(img.data);
  });
});
