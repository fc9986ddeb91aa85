// Size rules of the import: orientation swap, megapixel cap, training-copy short side, thumbnail crop.
import { describe, expect, it } from 'vitest';
import { copySize, decodeSize, orientedSize, thumbCrop } from './sizes.ts';

describe('import sizes', () => {
  it('swaps width and height for EXIF orientations 5..8 only', () => {
    for (let o = 1; o <= 8; o++) {
      expect(orientedSize(300, 200, o)).toEqual(
        o >= 5 ? { width: 200, height: 300 } : { width: 300, height: 200 },
      );
    }
  });

  it('caps megapixels keeping the aspect ratio, and leaves smaller images alone', () => {
    expect(decodeSize({ width: 4000, height: 3000 }, 40)).toEqual({ width: 4000, height: 3000 });
    const capped = decodeSize({ width: 12000, height: 9000 }, 40);
    expect(capped.width * capped.height).toBeLessThanOrEqual(40e6);
    expect(capped.width * capped.height).toBeGreaterThan(39.9e6);
    expect(capped.width / capped.height).toBeCloseTo(4 / 3, 3);
    expect(() => decodeSize({ width: 1, height: 1 }, 0)).toThrow(/maxMegapixels/);
  });

  it('resizes the short side of the training copy to the setting, never upscaling', () => {
    expect(copySize({ width: 1024, height: 768 }, 256)).toEqual({ width: 341, height: 256 });
    expect(copySize({ width: 500, height: 1000 }, 256)).toEqual({ width: 256, height: 512 });
    expect(copySize({ width: 224, height: 224 }, 256)).toEqual({ width: 224, height: 224 });
    expect(() => copySize({ width: 10, height: 10 }, 4)).toThrow(/short side/);
  });

  it('crops the centre square for thumbnails', () => {
    expect(thumbCrop({ width: 300, height: 200 })).toEqual({ x: 50, y: 0, side: 200 });
    expect(thumbCrop({ width: 101, height: 300 })).toEqual({ x: 0, y: 99, side: 101 });
  });
});
