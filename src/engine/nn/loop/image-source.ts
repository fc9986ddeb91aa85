// Base64 image files → GPU textures or RGBA pixels for the feed. In a page: createImageBitmap (EXIF applied),
// uploaded as a bitmap; in Node (`--runtime node`): MozJPEG (WASM) / pngjs pixels, uploaded as RGBA bytes.
import type { ImageSource } from '../../data/feed/forward-images.ts';
import type { PixelSource } from '../../data/feed/forward-images-wasm.ts';
import type { GpuContext } from '../../gpu/context.ts';
import { decodeImage } from '../../infer/decode.ts';
import { browserDecoding, decodePixels } from '../../infer/decode-pixels.ts';
import { uploadBitmap, uploadRgba } from '../../kernels/preprocess/preprocess.ts';
import { fromBase64, type ImageEntry } from './task-payload.ts';

export function entrySource(ctx: GpuContext, entries: readonly ImageEntry[]): ImageSource {
  return async (i) => {
    const e = entries[i];
    if (!browserDecoding()) return uploadRgba(ctx, await decodePixels(fromBase64(e.base64), e.name), e.name);
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
  return (i) => decodePixels(fromBase64(entries[i].base64), entries[i].name);
}
