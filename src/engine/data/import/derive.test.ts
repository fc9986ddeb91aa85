// The rule for originals that are their own thumbnail, and deriveImage's message where there is no canvas (Node).
import { describe, expect, it } from 'vitest';
import { deriveImage, originalIsThumb } from './derive.ts';

describe('derive rules', () => {
  it('keeps the original as the thumbnail only when it is the copy and its short side ≤ 2 × the thumbnail', () => {
    expect(originalIsThumb(true, { width: 300, height: 224 }, 128)).toBe(true);
    expect(originalIsThumb(true, { width: 256, height: 256 }, 128)).toBe(true);
    expect(originalIsThumb(true, { width: 400, height: 257 }, 128)).toBe(false);
    expect(originalIsThumb(false, { width: 60, height: 40 }, 128)).toBe(false);
    expect(originalIsThumb(true, { width: 60, height: 40 }, 16)).toBe(false);
  });

  it.skipIf(typeof OffscreenCanvas === 'function')(
    'says what it needs where there is no canvas',
    async () => {
      await expect(
        deriveImage(
          new Blob([new Uint8Array(4)]),
          { width: 2, height: 2, orientation: 1, mime: 'image/png' },
          { copyShortSide: 256, maxMegapixels: 40, thumbSize: 128 },
        ),
      ).rejects.toThrow(/needs createImageBitmap and OffscreenCanvas/);
    },
  );
});
