// Normalization: hand-checked values, BGR swap, NCHW/NHWC placement and batch offsets.
import { describe, expect, it } from 'vitest';
import type { RgbF32 } from './image.ts';
import { type NormalizeOptions, normalizeRef } from './normalize.ref.ts';

const imagenet: NormalizeOptions = {
  scale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  channelOrder: 'RGB',
  layout: 'NCHW',
};
const random = (w: number, h: number): RgbF32 => ({
  width: w,
  height: h,
  data: Float32Array.from({ length: w * h * 3 }, () => Math.random() * 255),
});

describe('normalizeRef', () => {
  it('computes (v/255 - mean)/std per channel', () => {
    const out = normalizeRef({ width: 1, height: 1, data: Float32Array.of(255, 0, 127.5) }, imagenet);
    expect(out[0]).toBeCloseTo((1 - 0.485) / 0.229, 5);
    expect(out[1]).toBeCloseTo(-0.456 / 0.224, 5);
    expect(out[2]).toBeCloseTo((0.5 - 0.406) / 0.225, 5);
  });

  it('places channels as NCHW or NHWC and swaps to BGR', () => {
    const w = 5;
    const h = 3;
    const img = random(w, h);
    const o = { ...imagenet, mean: [0.1, 0.2, 0.3] as const, std: [0.5, 0.6, 0.7] as const };
    const nchw = normalizeRef(img, o);
    const nhwc = normalizeRef(img, { ...o, layout: 'NHWC' });
    const bgr = normalizeRef(img, { ...o, channelOrder: 'BGR' });
    for (let i = 0; i < w * h; i++) {
      for (let c = 0; c < 3; c++) {
        const want = (img.data[i * 3 + c] / 255 - o.mean[c]) / o.std[c];
        expect(nchw[c * w * h + i]).toBeCloseTo(want, 5);
        expect(nhwc[i * 3 + c]).toBeCloseTo(want, 5);
        expect(bgr[c * w * h + i]).toBeCloseTo((img.data[i * 3 + (2 - c)] / 255 - o.mean[c]) / o.std[c], 5);
      }
    }
  });

  it('writes at an offset into a shared batch buffer and checks its size', () => {
    const img = random(2, 2);
    const batch = new Float32Array(24).fill(Number.NaN);
    normalizeRef(img, imagenet, batch, 12);
    expect(batch.slice(0, 12).every(Number.isNaN)).toBe(true);
    expect(Array.from(batch.slice(12))).toEqual(Array.from(normalizeRef(img, imagenet)));
    expect(() => normalizeRef(img, imagenet, batch, 13)).toThrow(
      'normalizeRef: output holds 24 floats, needs 25',
    );
    expect(() => normalizeRef(img, { ...imagenet, std: [1, 0, 1] })).toThrow(
      'normalizeRef: std must be positive',
    );
  });
});
