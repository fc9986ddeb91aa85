// Image rows: RGBA ↔ float RGB conversions the train and val paths use, row bookkeeping, and the decoder's
// message where createImageBitmap is missing (Node).
import { describe, expect, it } from 'vitest';
import { makeImage } from '../../augment/core/image.ts';
import { decodeBlobRgb, rgbFromU8, rowsFromImages, u8FromRgb } from './image-rows.ts';

describe('image rows', () => {
  it('converts RGBA bytes to float RGB and back (alpha dropped, levels clamped and rounded)', () => {
    const rgba = Uint8ClampedArray.from([10, 20, 30, 0, 255, 0, 128, 77]);
    const rgb = rgbFromU8({ width: 2, height: 1, channels: 4, data: rgba });
    expect(Array.from(rgb.data)).toEqual([10, 20, 30, 255, 0, 128]);
    const back = u8FromRgb(makeImage(2, 1, Float32Array.from([10.4, 20.6, -3, 300, 0, 128])));
    expect(Array.from(back.data)).toEqual([10, 21, 0, 255, 255, 0, 128, 255]);
    const three = rgbFromU8({ width: 1, height: 1, channels: 3, data: Uint8Array.from([1, 2, 3]) });
    expect(Array.from(three.data)).toEqual([1, 2, 3]);
  });

  it('serves labels and pixels by index and checks the counts agree', async () => {
    const imgs = [makeImage(1, 1), makeImage(2, 1)];
    const rows = rowsFromImages(imgs, [3, 1]);
    expect(rows.count).toBe(2);
    expect(rows.label(0)).toBe(3);
    expect(await rows.pixels(1)).toBe(imgs[1]);
    expect(() => rowsFromImages(imgs, [0])).toThrow(/2 images but 1 labels/);
  });

  it('names the file when decoding is not available', async () => {
    if (typeof createImageBitmap !== 'undefined') return;
    await expect(decodeBlobRgb(new Blob([new Uint8Array(4)]), 'a.jpg')).rejects.toThrow(
      /a\.jpg: decoding needs createImageBitmap/,
    );
  });
});
