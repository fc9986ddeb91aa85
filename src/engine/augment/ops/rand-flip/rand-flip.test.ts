// Flip codes against hand-indexed pixels, and the coin's frequency.
import { describe, expect, it } from 'vitest';
import { pixel } from '../../core/image.ts';
import { RngStream } from '../../rng/stream.ts';
import { randomImage } from '../../testing/test-util.ts';
import { applyFlip, sampleRandFlip } from './rand-flip.ref.ts';

describe('RandFlipImage', () => {
  const img = randomImage(5, 3, 11);
  it('flip_code 1 mirrors columns, 0 rows, −1 both', () => {
    const h = applyFlip(img, 1);
    const v = applyFlip(img, 0);
    const b = applyFlip(img, -1);
    for (let y = 0; y < 3; y++)
      for (let x = 0; x < 5; x++)
        for (let c = 0; c < 3; c++) {
          expect(pixel(h, x, y, c)).toBe(pixel(img, 4 - x, y, c));
          expect(pixel(v, x, y, c)).toBe(pixel(img, x, 2 - y, c));
          expect(pixel(b, x, y, c)).toBe(pixel(img, 4 - x, 2 - y, c));
        }
  });

  it('flips about half the samples, reproducibly', () => {
    const flips = Array.from({ length: 4000 }, (_, s) =>
      sampleRandFlip(new RngStream({ seed: 1, epoch: 0, step: 0, sample: s, stream: 0 })),
    );
    const frac = flips.filter(Boolean).length / flips.length;
    expect(Math.abs(frac - 0.5)).toBeLessThan(0.03);
    expect(sampleRandFlip(new RngStream({ seed: 1, epoch: 0, step: 0, sample: 3, stream: 0 }))).toBe(
      flips[3],
    );
  });
});
