// Node decoding (MozJPEG / pngjs, the `--runtime node` CLI) refuses an image over the megapixel cap from its header,
// before any pixel is allocated: pngjs alone takes ~3.8 GB for a 68-byte PNG that claims 20000×20000.
import { describe, expect, it } from 'vitest';
import { maxMegapixels, overPixelCap } from '../data/image/pixel-cap.ts';
import { pngClaiming } from '../data/testing/hostile-images.ts';
import { encodePng } from '../data/testing/png-encode.ts';
import { ImageFileError } from './decode.ts';
import { decodePixels } from './decode-pixels.ts';

/** Peak resident memory of this process so far, in MiB (Linux reports KiB). */
const peakMiB = () => process.resourceUsage().maxRSS / 1024;

describe('decodePixels in Node', () => {
  it('refuses a PNG whose header claims 20000×20000 without allocating its pixels', async () => {
    const before = peakMiB();
    const bytes = pngClaiming(20000, 20000);
    expect(bytes.length).toBeLessThan(200);
    const refused = decodePixels(bytes, 'cat/huge.png');
    await expect(refused).rejects.toThrow(ImageFileError);
    await expect(refused).rejects.toThrow(
      'cat/huge.png: 20000×20000 (400.0 MP) exceeds the 40 MP cap; Node decodes only at full size, so it is not decoded',
    );
    expect(peakMiB() - before).toBeLessThan(256);
  });

  it('decodes an image within the cap; the cap is inclusive', async () => {
    const img = await decodePixels(
      encodePng({ width: 30, height: 20, colourType: 0, bitDepth: 8, sample: () => 7 }),
      'ok.png',
    );
    expect([img.width, img.height, img.data[0], img.data[3]]).toEqual([30, 20, 7, 255]);
    expect(maxMegapixels).toBe(40);
    expect(overPixelCap(8000, 5000)).toBeNull();
    expect(overPixelCap(8000, 5001)).toBe('8000×5001 (40.0 MP) exceeds the 40 MP cap');
  });
});
