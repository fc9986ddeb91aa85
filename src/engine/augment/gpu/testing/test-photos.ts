// Test-only: real photos from ../shared for GPU tests in both projects: in Chromium fetched from the dev
// server's /shared/ and decoded with createImageBitmap + OffscreenCanvas; in Node read with the PNG reader.
import { cropImage, makeImage, type RgbImage } from '../../core/image.ts';

const inBrowser = typeof window !== 'undefined' && typeof OffscreenCanvas !== 'undefined';

export async function loadTestPhoto(rel: string): Promise<RgbImage> {
  if (!inBrowser) {
    const { readSharedPng } = await import('../../testing/shared-photo.ts');
    return readSharedPng(rel);
  }
  const res = await fetch(`/shared/${rel}`);
  if (!res.ok) {
    throw new Error(
      `missing shared file /shared/${rel} (HTTP ${res.status}): the dev server serves WEBCLAS_SHARED there`,
    );
  }
  const bitmap = await createImageBitmap(await res.blob(), {
    colorSpaceConversion: 'none',
    premultiplyAlpha: 'none',
  });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const g = canvas.getContext('2d');
  if (!g) throw new Error('OffscreenCanvas 2d context unavailable');
  g.drawImage(bitmap, 0, 0);
  const rgba = g.getImageData(0, 0, bitmap.width, bitmap.height).data;
  const img = makeImage(bitmap.width, bitmap.height);
  for (let p = 0; p < bitmap.width * bitmap.height; p++)
    for (let c = 0; c < 3; c++) img.data[p * 3 + c] = rgba[p * 4 + c];
  return img;
}

/** Two small real-photo crops of different sizes (SwiftShader is a CPU: keep GPU tests small). */
export async function smallPhotos(): Promise<RgbImage[]> {
  const coffee = await loadTestPhoto('data/photos/coffee.png');
  const cat = await loadTestPhoto('data/photos/chelsea.png');
  return [cropImage(coffee, 200, 120, 80, 64), cropImage(cat, 150, 60, 72, 76)];
}
