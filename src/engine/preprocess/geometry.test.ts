// Short-side sizes and centre-crop boxes follow torchvision's integer rules exactly.
import { describe, expect, it } from 'vitest';
import { centerCropBox, centerCropRef, roundHalfEven, shortSideSize } from './geometry.ts';

describe('shortSideSize', () => {
  it('scales the short side to the target and floors the long side', () => {
    expect(shortSideSize(640, 480, 256)).toEqual({ width: 341, height: 256 });
    expect(shortSideSize(480, 640, 256)).toEqual({ width: 256, height: 341 });
    expect(shortSideSize(224, 224, 256)).toEqual({ width: 256, height: 256 });
    expect(shortSideSize(500, 375, 284)).toEqual({ width: 378, height: 284 });
    expect(() => shortSideSize(10, 10, 0)).toThrow('shortSideSize: short side must be an integer ≥ 1, got 0');
  });
});

describe('centre crop', () => {
  it('rounds half offsets to even like Python round()', () => {
    expect([0.5, 1.5, 2.5, 16.5, 17.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, 16, 18, 2, 3]);
    expect(centerCropBox(257, 259, 224, 224)).toEqual({ left: 16, top: 18, width: 224, height: 224 });
    expect(centerCropBox(341, 256, 224, 224)).toEqual({ left: 58, top: 16, width: 224, height: 224 });
    expect(() => centerCropBox(200, 300, 224, 224)).toThrow(
      'centerCrop: crop 224×224 is larger than the image 200×300',
    );
  });

  it('copies exactly the pixels of the box', () => {
    const w = 7;
    const h = 6;
    const data = Float32Array.from({ length: w * h * 3 }, () => Math.random() * 255);
    const out = centerCropRef({ width: w, height: h, data }, 3, 4);
    const box = centerCropBox(w, h, 3, 4);
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 3; x++)
        for (let c = 0; c < 3; c++)
          expect(out.data[(y * 3 + x) * 3 + c]).toBe(data[((box.top + y) * w + box.left + x) * 3 + c]);
  });
});
