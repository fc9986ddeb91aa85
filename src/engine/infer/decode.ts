// Image file → pixels for classification, in a worker or page: checks the bytes first (so a truncated JPEG or a
// text file named .jpg gets a message saying so), then decodes with EXIF orientation applied.
import { inspectImage } from '../data/image/inspect.ts';
import type { U8Image } from '../preprocess/image.ts';

export class ImageFileError extends Error {
  override name = 'ImageFileError';
}

/** Throws ImageFileError naming the file when its bytes are not a complete, decodable image. */
export function checkImageBytes(bytes: Uint8Array, name: string): void {
  const { findings } = inspectImage(bytes, name, { maxMegapixels: Number.POSITIVE_INFINITY });
  const error = findings.find((f) => f.severity === 'error');
  if (error) throw new ImageFileError(`${name}: ${error.reason}`);
}

/** Decodes a checked file; `imageOrientation: 'from-image'` applies EXIF rotation, colours stay unpremultiplied. */
export async function decodeImage(blob: Blob, name: string): Promise<ImageBitmap> {
  checkImageBytes(new Uint8Array(await blob.arrayBuffer()), name);
  try {
    return await createImageBitmap(blob, {
      imageOrientation: 'from-image',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
  } catch (e) {
    throw new ImageFileError(
      `${name}: the browser could not decode it (${e instanceof Error ? e.message : String(e)})`,
    );
  }
}

/** RGBA pixels of a bitmap through an OffscreenCanvas (the CPU/WASM path). */
export function bitmapPixels(bitmap: ImageBitmap): U8Image {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const g = canvas.getContext('2d', { willReadFrequently: true });
  if (!g) throw new Error('decode: OffscreenCanvas 2D context is not available here');
  g.drawImage(bitmap, 0, 0);
  const { data } = g.getImageData(0, 0, bitmap.width, bitmap.height);
  return { width: bitmap.width, height: bitmap.height, channels: 4, data };
}
