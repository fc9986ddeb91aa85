// Base64 image files → GPU textures or RGBA pixels for the feed. In a page: createImageBitmap (EXIF applied),
// uploaded as a bitmap; in Node (`--runtime node`): MozJPEG (WASM) / pngjs pixels, uploaded as RGBA bytes. With
// `skips`, an image that cannot be decoded is reported and stands in as a grey square (its row is dropped later).
import type { ImageSource } from '../../data/feed/forward-images.ts';
import type { PixelSource } from '../../data/feed/forward-images-wasm.ts';
import type { GpuContext } from '../../gpu/context.ts';
import { decodeImage } from '../../infer/decode.ts';
import { browserDecoding, decodePixels } from '../../infer/decode-pixels.ts';
import { uploadBitmap, uploadRgba } from '../../kernels/preprocess/preprocess.ts';
import { type ImageSkips, standInPixels } from './image-skips.ts';
import { fromBase64, type ImageEntry } from './task-payload.ts';

export function entrySource(
  ctx: GpuContext,
  entries: readonly ImageEntry[],
  skips?: ImageSkips,
): ImageSource {
  const decode: ImageSource = async (i) => {
    const e = entries[i];
    if (!browserDecoding()) return uploadRgba(ctx, await decodePixels(fromBase64(e.base64), e.name), e.name);
    const bitmap = await decodeImage(new Blob([fromBase64(e.base64)]), e.name);
    try {
      return uploadBitmap(ctx, bitmap, e.name);
    } finally {
      bitmap.close();
    }
  };
  if (!skips) return decode;
  return (i) =>
    skips.guard(
      i,
      () => decode(i),
      () => uploadRgba(ctx, standInPixels(), 'skipped image'),
    );
}

/** The same images as RGBA pixels on the CPU (for the WASM feature path). */
export function entryPixels(entries: readonly ImageEntry[], skips?: ImageSkips): PixelSource {
  const decode: PixelSource = (i) => decodePixels(fromBase64(entries[i].base64), entries[i].name);
  if (!skips) return decode;
  return (i) => skips.guard(i, () => decode(i), standInPixels);
}

/**
 * The entries that decode, each decoded once up front (full / last-k training decodes every image every epoch, and
 * a batch cannot lose a row half-way through a run); the others are reported through `skips`.
 */
export async function decodableEntries(
  entries: readonly ImageEntry[],
  skips: ImageSkips,
): Promise<ImageEntry[]> {
  const pixels = entryPixels(entries, skips);
  for (let i = 0; i < entries.length; i++) await pixels(i);
  return skips.keep(entries);
}
