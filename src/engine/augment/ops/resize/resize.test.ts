// ResizeImage: PaddleClas's resize_short arithmetic, and the two backends' kernels on a hand-checked ramp.
import { describe, expect, it } from 'vitest';
import { imageFrom, pixel } from '../../core/image.ts';
import { applyResize, resizeTargetSize } from './resize.ref.ts';

describe('ResizeImage', () => {
  it('resize_short keeps the aspect with Python rounding', () => {
    expect(resizeTargetSize({ resizeShort: 256 }, 500, 375)).toEqual([341, 256]);
    expect(resizeTargetSize({ resizeShort: 256 }, 224, 224)).toEqual([256, 256]);
    expect(resizeTargetSize({ size: [10, 20] }, 500, 375)).toEqual([10, 20]);
  });

  it('pil backend antialiases a 4× shrink; cv2 backend samples only the two nearest pixels', () => {
    const img = imageFrom(16, 1, (x) => (x % 4 === 0 ? 255 : 0));
    const pil = applyResize(img, 4, 1, 'bilinear', 'pil');
    const cv2 = applyResize(img, 4, 1, 'bilinear', 'cv2');
    // PIL: triangle of half-width 4 around centre 4o+2 sees the spike at 4o (weight 1/16·… ) → ≈ 255/4
    expect(pixel(pil, 1, 0, 0)).toBeCloseTo(255 / 4, 4);
    // cv2: src = 4o + 1.5 lies between two zero pixels
    expect(pixel(cv2, 1, 0, 0)).toBe(0);
  });
});
