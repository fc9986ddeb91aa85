// Helpers shared by the augmentation tests: seeded random images and comparisons (test code only).

import { imageFrom, type RgbImage } from '../core/image.ts';
import { RngStream } from '../rng/stream.ts';

/** Integer levels 0..255 from a fixed seed, so every test draws fresh but reproducible inputs. */
export function randomImage(width: number, height: number, seed: number, integer = true): RgbImage {
  const rng = new RngStream({ seed, epoch: 0, step: 0, sample: 0, stream: 999 });
  return imageFrom(width, height, () => (integer ? rng.below(256) : rng.uniform() * 255));
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths ${a.length} and ${b.length} differ`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function channel(img: RgbImage, c: number): number[] {
  return Array.from({ length: img.width * img.height }, (_, p) => img.data[p * 3 + c]);
}

/** Exact element-wise equality; far cheaper than a deep toEqual on large typed arrays. */
export function identical(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
