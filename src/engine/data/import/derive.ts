// Decodes one stored original in a worker (createImageBitmap honours EXIF orientation) and draws the training
// copy and thumbnail with OffscreenCanvas. Browser/worker only: guarded so Node callers get a clear error.
import { copySize, decodeSize, orientedSize, type Size, thumbCrop } from './sizes.ts';

export interface DeriveOptions {
  copyShortSide: number;
  maxMegapixels: number;
  /** Thumbnail side in pixels (square centre crop). */
  thumbSize: number;
}

export interface Derived {
  /** Decoded size after orientation and the megapixel cap. */
  size: Size;
  /** blob null: the original file already is the training copy (a JPEG at most the copy size, upright). */
  copy: { blob: Blob | null; width: number; height: number };
  thumb: Blob;
}

/** `header` is what checkDataset read from the file (stored size + EXIF orientation). */
export async function deriveImage(
  blob: Blob,
  header: { width: number; height: number; orientation: number; mime: string },
  options: DeriveOptions,
): Promise<Derived> {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') {
    throw new Error('deriveImage: needs createImageBitmap and OffscreenCanvas (a browser or worker)');
  }
  const oriented = orientedSize(header.width, header.height, header.orientation);
  const target = decodeSize(oriented, options.maxMegapixels);
  const capped = target.width !== oriented.width || target.height !== oriented.height;
  // Decoding straight to the capped size keeps a 100-megapixel photo from needing 400 MB as a full bitmap.
  const bitmap = await createImageBitmap(blob, {
    imageOrientation: 'from-image',
    ...(capped ? { resizeWidth: target.width, resizeHeight: target.height, resizeQuality: 'high' } : {}),
  });
  try {
    const size = { width: bitmap.width, height: bitmap.height };
    const c = copySize(size, options.copyShortSide);
    // Re-encoding a small upright JPEG would only cost time, space and quality: keep the original as the copy.
    const reuse =
      header.mime === 'image/jpeg' &&
      header.orientation === 1 &&
      !capped &&
      c.width === size.width &&
      c.height === size.height;
    const copyBlob = reuse
      ? null
      : await draw(bitmap, { x: 0, y: 0, w: size.width, h: size.height }, c, 'image/jpeg', 0.9);
    const crop = thumbCrop(size);
    const t = Math.min(options.thumbSize, crop.side);
    const thumb = await draw(
      bitmap,
      { x: crop.x, y: crop.y, w: crop.side, h: crop.side },
      { width: t, height: t },
      'image/jpeg',
      0.8,
    );
    return { size, copy: { blob: copyBlob, ...c }, thumb };
  } finally {
    bitmap.close();
  }
}

async function draw(
  bitmap: ImageBitmap,
  from: { x: number; y: number; w: number; h: number },
  to: Size,
  type: string,
  quality: number,
): Promise<Blob> {
  const canvas = new OffscreenCanvas(to.width, to.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('deriveImage: OffscreenCanvas 2d context unavailable');
  // JPEG/WebP copies carry no alpha channel the model could use: composite transparent images on white.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, to.width, to.height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, from.x, from.y, from.w, from.h, 0, 0, to.width, to.height);
  return canvas.convertToBlob({ type, quality });
}
