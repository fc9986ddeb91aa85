// ResizeImage (PaddleClas): to a fixed size or with the short side to `resize_short`; bilinear/bicubic with PIL's
// conventions (backend 'pil': antialiased, bicubic a=−0.5) or OpenCV's (backend 'cv2': fixed support, bicubic a=−0.75).
import type { RgbImage } from '../../core/image.ts';
import { roundHalfEven } from '../../core/py-math.ts';
import { type ResizeFilter, resizeImage } from '../../core/resample.ts';

export type ResizeBackend = 'pil' | 'cv2';

export type ResizeTarget = { readonly size: readonly [number, number] } | { readonly resizeShort: number };

/** Output size (w, h): PaddleClas computes percent = short/min(w,h), w = int(round(w·percent)). */
export function resizeTargetSize(target: ResizeTarget, imgW: number, imgH: number): [number, number] {
  if ('size' in target) return [target.size[0], target.size[1]];
  const percent = target.resizeShort / Math.min(imgW, imgH);
  return [roundHalfEven(imgW * percent), roundHalfEven(imgH * percent)];
}

export function applyResize(
  img: RgbImage,
  outW: number,
  outH: number,
  filter: ResizeFilter = 'bilinear',
  backend: ResizeBackend = 'pil',
): RgbImage {
  if (backend === 'pil') return resizeImage(img, outW, outH, filter, true, -0.5);
  return resizeImage(img, outW, outH, filter, false, -0.75);
}
