// RandomRotation: angles inside the range and roughly uniform; zero angle is the identity.
import { describe, expect, it } from 'vitest';
import { RngStream } from '../../rng/stream.ts';
import { maxAbsDiff, randomImage } from '../../testing/test-util.ts';
import { applyRandomRotation, sampleRandomRotation } from './random-rotation.ref.ts';

describe('RandomRotation', () => {
  it('angles stay in [−d, d) with mean ≈ 0', () => {
    const angles = Array.from({ length: 3000 }, (_, s) =>
      sampleRandomRotation(new RngStream({ seed: 9, epoch: 0, step: 0, sample: s, stream: 0 }), [-15, 15]),
    );
    expect(Math.min(...angles)).toBeGreaterThanOrEqual(-15);
    expect(Math.max(...angles)).toBeLessThan(15);
    expect(Math.abs(angles.reduce((a, b) => a + b, 0) / angles.length)).toBeLessThan(0.5);
  });

  it('angle 0 leaves the image unchanged for every filter', () => {
    const img = randomImage(7, 5, 2);
    for (const r of ['nearest', 'bilinear', 'bicubic'] as const) {
      expect(maxAbsDiff(applyRandomRotation(img, 0, r, [0, 0, 0]).data, img.data)).toBeLessThan(1e-9);
    }
  });
});
