// RandomGrayscale: frequency p, and r = g = b = ITU-R 601 luma.
import { describe, expect, it } from 'vitest';
import { imageFrom, pixel } from '../../core/image.ts';
import { RngStream } from '../../rng/stream.ts';
import { applyRandomGrayscale, sampleRandomGrayscale } from './random-grayscale.ref.ts';

describe('RandomGrayscale', () => {
  it('fires with probability p', () => {
    const hits = Array.from({ length: 5000 }, (_, s) =>
      sampleRandomGrayscale(new RngStream({ seed: 2, epoch: 0, step: 0, sample: s, stream: 0 }), 0.1),
    ).filter(Boolean).length;
    expect(Math.abs(hits / 5000 - 0.1)).toBeLessThan(0.015);
  });

  it('writes 0.299 R + 0.587 G + 0.114 B to all channels', () => {
    const img = imageFrom(1, 1, (_x, _y, c) => [200, 100, 50][c]);
    const out = applyRandomGrayscale(img, true);
    for (let c = 0; c < 3; c++)
      expect(pixel(out, 0, 0, c)).toBeCloseTo(0.299 * 200 + 0.587 * 100 + 0.114 * 50, 4);
    expect(applyRandomGrayscale(img, false)).toBe(img);
  });
});
