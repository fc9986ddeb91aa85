// Image rows: RGBA ↔ float RGB conversions the train and val paths use, row bookkeeping, and decoding a real
// flower JPEG and photo PNG in Node (MozJPEG (WASM) / pngjs), with a message naming a file that is not an image.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeImage } from '../../augment/core/image.ts';
import { inspectImage } from '../../data/image/inspect.ts';
import { decodeBlobRgb, rgbFromU8, rowsFromImages, u8FromRgb } from './image-rows.ts';

const SHARED = resolve(process.env.WEBCLAS_SHARED ?? '../shared');

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

  it('decodes a real JPEG and PNG in Node and names a file that is not an image', async () => {
    if (typeof createImageBitmap !== 'undefined') return;
    const dir = join(SHARED, 'data/flowers12/train', readdirSync(join(SHARED, 'data/flowers12/train'))[0]);
    const jpg = readFileSync(join(dir, readdirSync(dir).filter((f) => f.endsWith('.jpg'))[0]));
    const rgb = await decodeBlobRgb(new Blob([jpg]), 'daisy.jpg');
    const facts = inspectImage(jpg, 'daisy.jpg', { maxMegapixels: Number.POSITIVE_INFINITY }).facts;
    expect([rgb.width, rgb.height]).toEqual([facts?.width, facts?.height]);
    // A photo is not flat: its channels vary and stay within 0..255.
    let min = 255;
    let max = 0;
    for (const v of rgb.data) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(max - min).toBeGreaterThan(100);
    expect(max).toBeLessThanOrEqual(255);
    const png = readFileSync(join(SHARED, 'data/photos/coffee.png'));
    const p = await decodeBlobRgb(new Blob([png]), 'coffee.png');
    const pf = inspectImage(png, 'coffee.png', { maxMegapixels: Number.POSITIVE_INFINITY }).facts;
    expect([p.width, p.height]).toEqual([pf?.width, pf?.height]);
    await expect(decodeBlobRgb(new Blob([new TextEncoder().encode('hello')]), 'notes.jpg')).rejects.toThrow(
      /notes\.jpg: /,
    );
  });

  // Recorded with PIL 9.4 (libjpeg-turbo): Image.open(f).convert('RGB') → Σv, Σv² and the pixel at (h/2, w/3).
  // A decoder that upsamples chroma differently (jpeg-js) is off by up to 34 levels at colour edges. MozJPEG is
  // bit-exact on the 4:2:0 JPEGs here; on eagle.jpg it is 0.07 levels off on average (`mean` is the allowed
  // mean offset, in levels, and the pixel's allowed offset).
  const PIL_DECODES = [
    ['data/flowers12/train/bluebell/image_0241.jpg', 224, 224, 19083649, 2823747303, [110, 92, 191], 0],
    ['data/photos/eagle.jpg', 773, 512, 94182922, 8987119872, [161, 134, 115], 0.1],
    ['data/photos/ILSVRC2012_val_00020010.jpeg', 375, 500, 64938567, 9171162585, [183, 124, 106], 0],
  ] as const;

  it.each(PIL_DECODES)(
    'decodes %s in Node to the pixels PIL/libjpeg gives',
    async (rel, w, h, sum, sumSq, px, mean) => {
      if (typeof createImageBitmap !== 'undefined') return;
      const rgb = await decodeBlobRgb(new Blob([readFileSync(join(SHARED, rel))]), rel);
      expect([rgb.width, rgb.height]).toEqual([w, h]);
      let s = 0;
      let s2 = 0;
      for (const v of rgb.data) {
        s += v;
        s2 += v * v;
      }
      const n = rgb.data.length;
      expect(Math.abs(s - sum)).toBeLessThanOrEqual(mean * n);
      expect(Math.abs(s2 - sumSq)).toBeLessThanOrEqual(mean * n * 2 * 255);
      const at = (Math.floor(h / 2) * w + Math.floor(w / 3)) * 3;
      const got = Array.from(rgb.data.subarray(at, at + 3));
      for (const [c, v] of got.entries()) expect(Math.abs(v - px[c])).toBeLessThanOrEqual(mean === 0 ? 0 : 3);
    },
  );
});
