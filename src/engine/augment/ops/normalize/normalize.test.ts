// NormalizeImage by hand, and the HWC → NCHW batch layout.
import { describe, expect, it } from 'vitest';
import { imageFrom } from '../../core/image.ts';
import { applyNormalize, IMAGENET_NORMALIZE, toNchw } from './normalize.ref.ts';

describe('NormalizeImage', () => {
  it('computes (v/255 − mean)/std per channel', () => {
    const img = imageFrom(2, 1, (x, _y, c) => (x === 0 ? 255 : c * 100));
    const out = applyNormalize(img, IMAGENET_NORMALIZE);
    expect(out.data[0]).toBeCloseTo((1 - 0.485) / 0.229, 5);
    expect(out.data[2]).toBeCloseTo((1 - 0.406) / 0.225, 5);
    expect(out.data[3]).toBeCloseTo(-0.485 / 0.229, 5);
    expect(out.data[4]).toBeCloseTo((100 / 255 - 0.456) / 0.224, 5);
  });

  it('toNchw puts each channel plane together, image after image', () => {
    const a = imageFrom(2, 2, (x, y, c) => 100 * c + 10 * y + x);
    const b = imageFrom(2, 2, (x, y, c) => 1000 + 100 * c + 10 * y + x);
    expect(Array.from(toNchw([a, b]))).toEqual([
      0, 1, 10, 11, 100, 101, 110, 111, 200, 201, 210, 211, 1000, 1001, 1010, 1011, 1100, 1101, 1110, 1111,
      1200, 1201, 1210, 1211,
    ]);
    expect(() => toNchw([a, imageFrom(3, 2, () => 0)])).toThrow(/image 1 is 3×2/);
  });
});
