// Image bytes → RGBA pixels wherever the engine runs: createImageBitmap + OffscreenCanvas in a page or worker;
// in Node (the `--runtime node` CLI on a GPU server, which has no image decoder) the pure-JS jpeg-js and pngjs.

import { inspectImage } from '../data/image/inspect.ts';
import type { U8Image } from '../preprocess/image.ts';
import { bitmapPixels, checkImageBytes, decodeImage, ImageFileError } from './decode.ts';
import { orientRgba } from './orient.ts';

/** True where createImageBitmap and OffscreenCanvas exist (browsers and their workers). */
export const browserDecoding = () =>
  typeof createImageBitmap !== 'undefined' && typeof OffscreenCanvas !== 'undefined';

/** Decodes a checked image file to RGBA with its EXIF orientation applied; errors name the file. */
export async function decodePixels(bytes: Uint8Array, name: string): Promise<U8Image> {
  if (browserDecoding()) {
    const bitmap = await decodeImage(new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
    try {
      return bitmapPixels(bitmap);
    } finally {
      bitmap.close();
    }
  }
  checkImageBytes(bytes, name);
  const { facts } = inspectImage(bytes, name, { maxMegapixels: Number.POSITIVE_INFINITY });
  if (!facts) throw new ImageFileError(`${name}: not a readable image`);
  const decoded = await decodeInNode(bytes, name, facts.kind);
  return orientRgba(decoded, facts.orientation);
}

async function decodeInNode(bytes: Uint8Array, name: string, format: string): Promise<U8Image> {
  try {
    if (format === 'jpeg') {
      // Imported on demand: browser bundles never reach this branch.
      const { decode } = await import('jpeg-js');
      const img = decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 2048 });
      return { width: img.width, height: img.height, channels: 4, data: img.data };
    }
    if (format === 'png') {
      const { PNG } = await import('pngjs');
      // pngjs expands palette/grey/16-bit images to 8-bit RGBA.
      const img = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: img.width, height: img.height, channels: 4, data: new Uint8Array(img.data) };
    }
  } catch (e) {
    throw new ImageFileError(`${name}: could not decode it (${e instanceof Error ? e.message : String(e)})`);
  }
  throw new ImageFileError(
    `${name}: ${format} images decode only in a browser; in Node (--runtime node) use JPEG or PNG`,
  );
}
