// Where the Gallery's images come from. For now photos the user drops or picks; the datasets screen's storage
// can supply another `AugmentImageSource` (a prop of AugmentScreen) without the Gallery knowing about datasets.
import { makeImage, type RgbImage } from '../../engine/augment/core/image.ts';

export interface GalleryImage {
  /** unique within one load */
  readonly id: string;
  readonly name: string;
  readonly image: RgbImage;
}

export interface AugmentImageSource {
  /** shown above the grid, e.g. "flowers12 · train · 6 images" */
  readonly label: string;
  load(limit: number): Promise<GalleryImage[]>;
}

/** Decodes to RGB float [0,255], the short side scaled down to `maxSide` (previews stay cheap). */
export async function decodeImage(blob: Blob, maxSide = 256): Promise<RgbImage> {
  const bitmap = await createImageBitmap(blob);
  const scale = Math.min(1, maxSide / Math.min(bitmap.width, bitmap.height));
  const w = Math.max(1, Math.round(bitmap.width * scale));
  const h = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(w, h);
  const g = canvas.getContext('2d');
  if (!g) throw new Error('OffscreenCanvas 2d context unavailable');
  g.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  const rgba = g.getImageData(0, 0, w, h).data;
  const img = makeImage(w, h);
  for (let p = 0; p < w * h; p++) for (let c = 0; c < 3; c++) img.data[p * 3 + c] = rgba[p * 4 + c];
  return img;
}

export function filesSource(files: readonly File[]): AugmentImageSource {
  const images = files.filter((f) => f.type.startsWith('image/'));
  return {
    label: `${images.length} photo${images.length === 1 ? '' : 's'} you picked`,
    load: async (limit) =>
      Promise.all(
        images
          .slice(0, limit)
          .map(async (f, i) => ({ id: `${i}:${f.name}`, name: f.name, image: await decodeImage(f) })),
      ),
  };
}
