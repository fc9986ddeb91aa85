// Base64 image files → GPU textures for the feed, decoded in the page with createImageBitmap (EXIF applied).
import type { ImageSource } from '../../data/feed/forward-images.ts';
import type { PixelSource } from '../../data/feed/forward-images-wasm.ts';
import type { GpuContext } from '../../gpu/context.ts';
import { bitmapPixels, decodeImage } from '../../infer/decode.ts';
import { uploadBitmap } from '../../kernels/preprocess/preprocess.ts';
import { fromBase64, type ImageEntry } from './task-payload.ts';

export function requireImageDecoding(command: string): void {
  if (typeof createImageBitmap === 'undefined')
    throw new Error(`${command} decodes images with createImageBitmap: use --runtime browser (the default)`);
}

export function entrySource(ctx: GpuContext, entries: readonly ImageEntry[]): ImageSource {
  return async (i) => {
    const e = entries[i];
    const bitmap = await decodeImage(new Blob([fromBase64(e.base64)]), e.name);
    try {
      return uploadBitmap(ctx, bitmap, e.name);
    } finally {
      bitmap.close();
    }
  };
}

/** The same images as RGBA pixels on the CPU (for the WASM feature path). */
export function entryPixels(entries: readonly ImageEntry[]): PixelSource {
  return async (i) => {
    const e = entries[i];
    const bitmap = await decodeImage(new Blob([fromBase64(e.base64)]), e.name);
    try {
      return bitmapPixels(bitmap);
    } finally {
      bitmap.close();
    }
  };
}
