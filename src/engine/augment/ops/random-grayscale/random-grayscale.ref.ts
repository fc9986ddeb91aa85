// RandomGrayscale (paddle/torchvision): with probability p replace RGB by its luma in all three channels.
import type { RgbImage } from '../../core/image.ts';
import type { RngStream } from '../../rng/stream.ts';
import { applyGrayscale } from '../color/color.ref.ts';

export function sampleRandomGrayscale(rng: RngStream, p: number): boolean {
  return rng.uniform() < p;
}

export function applyRandomGrayscale(img: RgbImage, gray: boolean): RgbImage {
  return gray ? applyGrayscale(img) : img;
}
