// Decoding in real Chromium: EXIF orientation is applied (a real photo with an orientation-6 APP1 segment inserted
// comes out rotated, width and height swapped), and unreadable files fail before decoding with a message naming them.
import { describe, expect, it } from 'vitest';
import { exifOrientationBlock } from '../data/testing/png-encode.ts';
import { decodeImage, ImageFileError } from './decode.ts';

const inBrowser = typeof document !== 'undefined';

/** Inserts an APP1 EXIF segment right after SOI. */
function withOrientation(jpeg: Uint8Array, orientation: number): Uint8Array<ArrayBuffer> {
  const exif = exifOrientationBlock(orientation, true);
  const len = exif.length + 2;
  const out = new Uint8Array(jpeg.length + 4 + exif.length);
  out.set(jpeg.subarray(0, 2), 0);
  out.set([0xff, 0xe1, len >> 8, len & 0xff], 2);
  out.set(exif, 6);
  out.set(jpeg.subarray(2), 6 + exif.length);
  return out;
}

describe.skipIf(!inBrowser)('decodeImage in Chromium', () => {
  it('applies EXIF orientation 6 (rotate 90°): a landscape photo comes out portrait', async () => {
    const res = await fetch('/shared/data/photos/eagle.jpg');
    if (!res.ok)
      throw new Error(`GET /shared/data/photos/eagle.jpg: HTTP ${res.status} (is ../shared served?)`);
    const jpeg = new Uint8Array(await res.arrayBuffer());
    const plain = await decodeImage(new Blob([jpeg]), 'eagle.jpg');
    const rotated = await decodeImage(new Blob([withOrientation(jpeg, 6)]), 'eagle-rot.jpg');
    expect(plain.width).not.toBe(plain.height);
    expect([rotated.width, rotated.height]).toEqual([plain.height, plain.width]);
    const same = await decodeImage(new Blob([withOrientation(jpeg, 1)]), 'eagle-1.jpg');
    expect([same.width, same.height]).toEqual([plain.width, plain.height]);
    for (const b of [plain, rotated, same]) b.close();
  });

  it('names the file of a truncated JPEG, a text file and an empty file', async () => {
    const res = await fetch('/shared/data/photos/dog.jpg');
    const jpeg = new Uint8Array(await res.arrayBuffer());
    await expect(decodeImage(new Blob([jpeg.slice(0, 5000)]), 'dog-cut.jpg')).rejects.toThrow(
      /^dog-cut\.jpg: .*truncated/i,
    );
    await expect(decodeImage(new Blob(['hello']), 'a.jpg')).rejects.toThrow(
      'a.jpg: not an image: plain text',
    );
    await expect(decodeImage(new Blob([]), 'empty.png')).rejects.toThrow(ImageFileError);
  });
});
