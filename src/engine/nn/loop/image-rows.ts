// Training images for full / last-k fine-tuning: labelled rows whose pixels are decoded on demand (a dataset
// of JPEGs is a few MB; decoded float copies would be ~0.6 MB each), plus the decoder behind them.
import type { RgbImage } from '../../augment/core/image.ts';
import { makeImage } from '../../augment/core/image.ts';
import { decodePixels } from '../../infer/decode-pixels.ts';
import type { U8Image } from '../../preprocess/image.ts';
import { fromBase64, type ImageEntry } from './task-payload.ts';

export interface ImageRows {
  readonly count: number;
  label(i: number): number;
  /** Image i as float RGB in [0, 255] (HWC), what the augmentation pipeline takes. */
  pixels(i: number): Promise<RgbImage>;
}

/** Decodes an image file (EXIF orientation applied; createImageBitmap in a browser, MozJPEG (WASM)/pngjs in Node). */
export async function decodeBlobRgb(blob: Blob, name: string): Promise<RgbImage> {
  return rgbFromU8(await decodePixels(new Uint8Array(await blob.arrayBuffer()), name));
}

/** RGBA/RGB bytes → float RGB (alpha dropped: decoded unpremultiplied). */
export function rgbFromU8(img: U8Image): RgbImage {
  const n = img.width * img.height;
  const out = makeImage(img.width, img.height);
  const c = img.channels;
  for (let p = 0; p < n; p++) {
    out.data[p * 3] = img.data[p * c];
    out.data[p * 3 + 1] = img.data[p * c + 1];
    out.data[p * 3 + 2] = img.data[p * c + 2];
  }
  return out;
}

/** Float RGB with integer levels → RGBA bytes (the GPU eval preprocessing uploads 8-bit textures). */
export function u8FromRgb(img: RgbImage): U8Image {
  const n = img.width * img.height;
  const data = new Uint8Array(n * 4);
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < 3; c++) data[p * 4 + c] = Math.round(Math.min(255, Math.max(0, img.data[p * 3 + c])));
    data[p * 4 + 3] = 255;
  }
  return { width: img.width, height: img.height, channels: 4, data };
}

/** Rows over images already in memory (tests, and callers that decoded elsewhere). */
export function rowsFromImages(images: readonly RgbImage[], labels: readonly number[]): ImageRows {
  if (images.length !== labels.length)
    throw new Error(`image rows: ${images.length} images but ${labels.length} labels`);
  return {
    count: images.length,
    label: (i) => labels[i],
    pixels: async (i) => images[i],
  };
}

/** Rows over the base64 files `webclas train` sends, decoded in the page when a batch needs them. */
export function rowsFromEntries(entries: readonly ImageEntry[]): ImageRows {
  return {
    count: entries.length,
    label: (i) => entries[i].label,
    pixels: (i) => decodeBlobRgb(new Blob([fromBase64(entries[i].base64)]), entries[i].name),
  };
}
