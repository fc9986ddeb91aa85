// Crop-box sampling: boxes inside the image, area/aspect within bounds, the aspect law (uniform vs log-uniform),
// the 10-try fallback, reproducibility; and crop+resize on a known image.
import { describe, expect, it } from 'vitest';
import { RngStream } from '../../rng/stream.ts';
import { randomImage } from '../../testing/test-util.ts';
import {
  applyCropResize,
  DEFAULT_RAND_CROP,
  sampleRandCropImage,
  sampleRandomResizedCrop,
} from './random-resized-crop.ref.ts';

const rngFor = (sample: number, stream = 1) => new RngStream({ seed: 42, epoch: 1, step: 2, sample, stream });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('RandCropImage (PaddleClas)', () => {
  it('keeps boxes inside the image with area ≥ ~8% and aspect within [3/4, 4/3] up to int truncation', () => {
    for (const [W, H] of [
      [224, 224],
      [320, 180],
      [150, 300],
    ]) {
      for (let s = 0; s < 500; s++) {
        const b = sampleRandCropImage(rngFor(s), DEFAULT_RAND_CROP, W, H);
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.y).toBeGreaterThanOrEqual(0);
        expect(b.x + b.w).toBeLessThanOrEqual(W);
        expect(b.y + b.h).toBeLessThanOrEqual(H);
        expect((b.w * b.h) / (W * H)).toBeGreaterThan(0.08 * 0.9);
        expect(b.w / b.h).toBeGreaterThan(0.75 * 0.95);
        expect(b.w / b.h).toBeLessThan((4 / 3) * 1.05);
      }
    }
  });

  it('draws the aspect uniformly by default and log-uniformly with use_log_aspect', () => {
    const ar = (log: boolean) =>
      Array.from({ length: 4000 }, (_, s) => {
        const b = sampleRandCropImage(
          rngFor(s, log ? 2 : 3),
          { ...DEFAULT_RAND_CROP, useLogAspect: log },
          1000,
          1000,
        );
        return b.w / b.h;
      });
    // uniform on [3/4, 4/3]: mean 1.0417; log-uniform: mean of log ≈ 0
    expect(mean(ar(false))).toBeCloseTo((3 / 4 + 4 / 3) / 2, 1);
    expect(Math.abs(mean(ar(true).map(Math.log)))).toBeLessThan(0.01);
    expect(Math.abs(mean(ar(false).map(Math.log)))).toBeGreaterThan(0.015);
  });

  it('is reproducible per (seed, epoch, step, sample) and differs across samples', () => {
    expect(sampleRandCropImage(rngFor(5), DEFAULT_RAND_CROP, 224, 224)).toEqual(
      sampleRandCropImage(rngFor(5), DEFAULT_RAND_CROP, 224, 224),
    );
    expect(sampleRandCropImage(rngFor(5), DEFAULT_RAND_CROP, 224, 224)).not.toEqual(
      sampleRandCropImage(rngFor(6), DEFAULT_RAND_CROP, 224, 224),
    );
  });
});

describe('RandomResizedCrop (torchvision, 10 tries)', () => {
  it('area fraction in [0.08, 1], log-ratio uniform on [log 3/4, log 4/3]', () => {
    const draws = Array.from({ length: 4000 }, (_, s) =>
      sampleRandomResizedCrop(rngFor(s, 4), DEFAULT_RAND_CROP, 224, 224),
    );
    const areas = draws.map((b) => (b.w * b.h) / 224 ** 2);
    const logs = draws.filter((b) => b.attempt >= 0).map((b) => Math.log(b.w / b.h));
    expect(Math.min(...areas)).toBeGreaterThan(0.07);
    expect(Math.max(...areas)).toBeLessThanOrEqual(1);
    // tries that do not fit (large area with extreme aspect) are redrawn, so the mean sits a bit under 0.54
    expect(mean(areas)).toBeGreaterThan(0.45);
    expect(mean(areas)).toBeLessThan(0.56);
    expect(Math.abs(mean(logs))).toBeLessThan(0.01);
    const lo = Math.log(3 / 4);
    const hi = Math.log(4 / 3);
    for (const l of logs) {
      expect(l).toBeGreaterThan(lo - 0.02);
      expect(l).toBeLessThan(hi + 0.02);
    }
    // a quarter of the log range holds about a quarter of the draws
    const q = logs.filter((l) => l < lo + (hi - lo) / 4).length / logs.length;
    expect(q).toBeGreaterThan(0.2);
    expect(q).toBeLessThan(0.3);
  });

  it('falls back to the centred box with the aspect clamped when 10 tries fail', () => {
    const b = sampleRandomResizedCrop(rngFor(0, 5), { scale: [0.9, 1], ratio: [3 / 4, 4 / 3] }, 100, 10);
    expect(b).toEqual({ x: 43, y: 0, w: 13, h: 10, attempt: -1 });
    const t = sampleRandomResizedCrop(rngFor(0, 5), { scale: [0.9, 1], ratio: [3 / 4, 4 / 3] }, 10, 100);
    expect(t).toEqual({ x: 0, y: 43, w: 10, h: 13, attempt: -1 });
  });
});

describe('applyCropResize', () => {
  it('a box of the output size is a plain crop', () => {
    const img = randomImage(10, 8, 3);
    const out = applyCropResize(img, { x: 2, y: 3, w: 4, h: 5 }, 4, 5);
    for (let y = 0; y < 5; y++)
      for (let x = 0; x < 4; x++)
        expect(out.data[(y * 4 + x) * 3 + 1]).toBeCloseTo(img.data[((y + 3) * 10 + x + 2) * 3 + 1], 4);
  });
});
