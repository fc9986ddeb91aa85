// Decodes one original in a worker (createImageBitmap honours EXIF orientation and resizes while decoding) and
// draws the training copy and thumbnail with OffscreenCanvas; an image that needs no pixels (its own copy and
// thumbnail) is only decoded to validate it. Browser/worker only: guarded for Node callers.
import { copySize, decodeSize, orientedSize, type Size, thumbCrop } from './sizes.ts';
import type { StageClock } from './stage-clock.ts';

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
  /** null: the original is small enough to be its own thumbnail (see `originalIsThumb`). */
  thumb: Blob | null;
}

/**
 * An original that already is its training copy and whose short side is at most twice the thumbnail side is shown
 * in the grid as is (cropped square by CSS): a thumbnail would save under 4× the pixels of a ~10 KB JPEG, while
 * drawing and encoding it costs more than decoding the image (measured by `webclas bench import`).
 */
export function originalIsThumb(copyIsOriginal: boolean, size: Size, thumbSize: number): boolean {
  return copyIsOriginal && Math.min(size.width, size.height) <= 2 * thumbSize;
}

/**
 * `header` is what checkDataset read from the file (stored size + EXIF orientation). `bytes`: the file's bytes when
 * already in memory (the import's check read them), for validating an image that needs no pixels without
 * reading its Blob again.
 */
export async function deriveImage(
  blob: Blob,
  header: { width: number; height: number; orientation: number; mime: string },
  options: DeriveOptions,
  clock?: StageClock,
  bytes?: Uint8Array,
): Promise<Derived> {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') {
    throw new Error('deriveImage: needs createImageBitmap and OffscreenCanvas (a browser or worker)');
  }
  let t = performance.now();
  const lap = (stage: string) => {
    const t1 = performance.now();
    clock?.add(stage, t1 - t);
    t = t1;
  };
  const oriented = orientedSize(header.width, header.height, header.orientation);
  const size = decodeSize(oriented, options.maxMegapixels);
  const capped = size.width !== oriented.width || size.height !== oriented.height;
  const c = copySize(size, options.copyShortSide);
  const crop = thumbCrop(size);
  const side = Math.min(options.thumbSize, crop.side);
  // Re-encoding a small upright JPEG would only cost time, space and quality: keep the original as the copy.
  const reuse =
    header.mime === 'image/jpeg' &&
    header.orientation === 1 &&
    !capped &&
    c.width === size.width &&
    c.height === size.height;
  const ownThumb = originalIsThumb(reuse, size, options.thumbSize);
  // Nothing to draw: the decode only proves the file decodes, at the size its header says.
  if (reuse && ownThumb && bytes && (await validatesInMemory(header.mime))) {
    try {
      await validateDecode(bytes, header.mime, size);
      lap('decode');
      return { size, copy: { blob: null, ...c }, thumb: null };
    } catch {
      // Whatever the reason, the bitmap path below decides (and names the error).
      lap('decode');
    }
  }
  // Decoding straight to the copy size (never larger than the megapixel cap) spares a full-size bitmap and a
  // canvas downscale; the thumbnail is then cut from the copy, unless the copy is smaller than the thumbnail.
  const fromCopy = !reuse && Math.min(c.width, c.height) >= side;
  const at = fromCopy ? c : size;
  const bitmap = await createImageBitmap(blob, {
    imageOrientation: 'from-image',
    ...(at.width !== oriented.width || at.height !== oriented.height
      ? { resizeWidth: at.width, resizeHeight: at.height, resizeQuality: 'high' as const }
      : {}),
  });
  lap('decode');
  try {
    if (bitmap.width !== at.width || bitmap.height !== at.height) {
      throw new Error(`decoded ${bitmap.width}×${bitmap.height}, the header says ${at.width}×${at.height}`);
    }
    const copyBlob = reuse
      ? null
      : await draw(bitmap, { x: 0, y: 0, w: at.width, h: at.height }, c, 'image/jpeg', 0.9);
    lap('copy');
    if (ownThumb) return { size, copy: { blob: copyBlob, ...c }, thumb: null };
    const k = at.width / size.width;
    const thumb = await draw(
      bitmap,
      { x: crop.x * k, y: crop.y * k, w: crop.side * k, h: crop.side * k },
      { width: side, height: side },
      'image/jpeg',
      0.8,
    );
    lap('thumb');
    return { size, copy: { blob: copyBlob, ...c }, thumb };
  } finally {
    bitmap.close();
  }
}

let jpegDecoder: Promise<boolean> | undefined;

/** WebCodecs' ImageDecoder can take this type (JPEG only: the one format an original is kept as its copy). */
function validatesInMemory(mime: string): Promise<boolean> {
  if (mime !== 'image/jpeg' || typeof ImageDecoder !== 'function') return Promise.resolve(false);
  jpegDecoder ??= ImageDecoder.isTypeSupported('image/jpeg').catch(() => false);
  return jpegDecoder;
}

/**
 * Decodes the whole image from bytes in memory with WebCodecs' ImageDecoder (Blink's own JPEG decoder, as behind
 * createImageBitmap) and checks its size. Measured on flowers12 in a worker: 720 JPEGs in ~140 ms against
 * ~340 ms for createImageBitmap of their Blobs, which reads each Blob back from the browser process and converts
 * the pixels to RGBA; the frame here stays in the decoder's YUV planes.
 */
async function validateDecode(bytes: Uint8Array, type: string, size: Size): Promise<void> {
  const decoder = new ImageDecoder({ data: bytes as Uint8Array<ArrayBuffer>, type });
  try {
    const { image, complete } = await decoder.decode();
    try {
      if (!complete) throw new Error('the image data ends before the frame is complete');
      if (image.displayWidth !== size.width || image.displayHeight !== size.height) {
        throw new Error(
          `decoded ${image.displayWidth}×${image.displayHeight}, the header says ${size.width}×${size.height}`,
        );
      }
    } finally {
      image.close();
    }
  } finally {
    decoder.close();
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
