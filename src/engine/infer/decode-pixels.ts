// Image bytes → RGBA pixels wherever the engine runs: createImageBitmap + OffscreenCanvas in a page or worker;
// in Node (the `--runtime node` CLI on a GPU server, which has no image decoder) MozJPEG compiled to WASM and pngjs.
// MozJPEG is libjpeg-turbo's decoder, as in Chromium and PIL: its pixels equal PIL's bit for bit. jpeg-js, used
// before, upsampled chroma without libjpeg's smoothing (up to 34 levels off at colour edges), and PyTorch trained
// on its decodes generalised measurably worse (README, accuracy). The Node decoders live in decode-pixels-node.ts,
// reached through the `#node-decode` import (package.json "imports"): under the `browser` condition it resolves to
// a stub, so pngjs, zlib and node:fs never enter the browser graph (Vite warned about each of them).

import { decodeInNode } from '#node-decode';
import { inspectImage } from '../data/image/inspect.ts';
import { overPixelCap } from '../data/image/pixel-cap.ts';
import type { U8Image } from '../preprocess/image.ts';
import { bitmapPixels, checkImageBytes, decodeImage, ImageFileError } from './decode.ts';
import { orientRgba } from './orient.ts';

/** True where createImageBitmap and OffscreenCanvas exist (browsers and their workers). */
export const browserDecoding = () =>
  typeof createImageBitmap !== 'undefined' && typeof OffscreenCanvas !== 'undefined';

/**
 * Decodes a checked image file to RGBA with its EXIF orientation applied; errors name the file. In Node, an image over
 * the megapixel cap (pixel-cap.ts) is an ImageFileError before any pixel is allocated.
 */
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
  // MozJPEG and pngjs decode at full size (a 20000×20000 PNG is 1.6 GB of RGBA): the header decides first.
  const huge = overPixelCap(facts.width, facts.height);
  if (huge)
    throw new ImageFileError(`${name}: ${huge}; Node decodes only at full size, so it is not decoded`);
  const decoded = await decodeInNode(bytes, name, facts.kind);
  return orientRgba(decoded, facts.orientation);
}
