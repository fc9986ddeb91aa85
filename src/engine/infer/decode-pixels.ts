// Image bytes → RGBA pixels wherever the engine runs: createImageBitmap + OffscreenCanvas in a page or worker;
// in Node (the `--runtime node` CLI on a GPU server, which has no image decoder) MozJPEG compiled to WASM and pngjs.
// MozJPEG is libjpeg-turbo's decoder, as in Chromium and PIL: its pixels equal PIL's bit for bit. jpeg-js, used
// before, upsampled chroma without libjpeg's smoothing (up to 34 levels off at colour edges), and PyTorch trained
// on its decodes generalised measurably worse (README, accuracy).

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

async function decodeInNode(bytes: Uint8Array, name: string, format: string): Promise<U8Image> {
  try {
    if (format === 'jpeg') {
      const decode = await mozjpeg();
      // EXIF orientation is applied by the caller (orientRgba), so MozJPEG must not.
      const img = await decode(bytes.slice().buffer, { preserveOrientation: false });
      return { width: img.width, height: img.height, channels: 4, data: new Uint8Array(img.data.buffer) };
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

type JpegDecode = (buffer: ArrayBuffer, options: { preserveOrientation: boolean }) => Promise<ImageData>;
let mozjpegReady: Promise<JpegDecode> | null = null;
const MOZJPEG_WASM = './mozjpeg_dec.wasm';

/**
 * @jsquash/jpeg in Node: its Emscripten glue cannot read its .wasm from disk by itself, so compile it here. The
 * standalone bundle ships the .wasm beside itself (scripts/bundle-node.mjs); from the repo it is in node_modules.
 * Imported on demand: browser bundles never reach this branch.
 */
function mozjpeg(): Promise<JpegDecode> {
  mozjpegReady ??= (async () => {
    const { readFile } = await import('node:fs/promises');
    const { createRequire } = await import('node:module');
    // A variable, not a literal: Vite would try to resolve `new URL('…', import.meta.url)` at build time.
    const beside = new URL(MOZJPEG_WASM, import.meta.url);
    const bytes = await readFile(beside).catch(() =>
      readFile(createRequire(import.meta.url).resolve('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm')),
    );
    const { default: decode, init } = await import('@jsquash/jpeg/decode.js');
    await init(await WebAssembly.compile(bytes));
    return decode as JpegDecode;
  })();
  return mozjpegReady;
}
