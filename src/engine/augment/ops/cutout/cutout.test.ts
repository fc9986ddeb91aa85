// Cutout: box geometry (length//2 each side, clipped), fill 0, and its distribution of centres.
import { describe, expect, it } from 'vitest';
import { pixel } from '../../core/image.ts';
import { RngStream } from '../../rng/stream.ts';
import { randomImage } from '../../testing/test-util.ts';
import { fillBoxes, sampleCutout } from './cutout.ref.ts';

const rng = (s: number) => new RngStream({ seed: 5, epoch: 0, step: 0, sample: s, stream: 0 });

describe('Cutout', () => {
  it('boxes are [c − 56, c + 56) clipped to the image (length 112)', () => {
    for (let s = 0; s < 300; s++) {
      const [b] = sampleCutout(rng(s), 1, 112, 224, 224);
      expect(b.x1).toBeGreaterThanOrEqual(0);
      expect(b.x2).toBeLessThanOrEqual(224);
      expect(b.x2 - b.x1).toBeLessThanOrEqual(112);
      if (b.x1 > 0 && b.x2 < 224) expect(b.x2 - b.x1).toBe(112);
      if (b.y1 > 0 && b.y2 < 224) expect(b.y2 - b.y1).toBe(112);
    }
    expect(sampleCutout(rng(1), 3, 20, 50, 40)).toHaveLength(3);
  });

  it('fills the box with 0 and nothing else', () => {
    const img = randomImage(10, 8, 1);
    const out = fillBoxes(img, [{ x1: 2, y1: 1, x2: 5, y2: 3 }], [0, 0, 0]);
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 10; x++) {
        const inside = x >= 2 && x < 5 && y >= 1 && y < 3;
        expect(pixel(out, x, y, 1)).toBe(inside ? 0 : pixel(img, x, y, 1));
      }
  });
});
