// The whole CPU reference preprocessing of one model input: resize → centre crop → normalize, from 8-bit pixels.
import type { PreprocessSpec } from '../zoo/manifest.ts';
import { centerCropRef, shortSideSize } from './geometry.ts';
import { toRgbF32, type U8Image } from './image.ts';
import { normalizeRef } from './normalize.ref.ts';
import { resizeRef } from './resize.ref.ts';

export type PreprocessOptions = Pick<
  PreprocessSpec,
  'resize' | 'resample' | 'crop' | 'scale' | 'mean' | 'std' | 'channelOrder' | 'layout'
>;

/** Output height and width of the pipeline for any input. */
export function outputSize(
  o: PreprocessOptions,
  width: number,
  height: number,
): { width: number; height: number } {
  if (o.crop) return { width: o.crop.width, height: o.crop.height };
  return o.resize.mode === 'exact'
    ? { width: o.resize.width, height: o.resize.height }
    : shortSideSize(width, height, o.resize.size);
}

/**
 * Preprocesses a batch of images into one tensor: dims [N,3,H,W] (NCHW) or [N,H,W,3] (NHWC).
 * Every image must come out at the same size, which the crop (or an exact resize) guarantees.
 */
export function preprocessRef(
  images: readonly U8Image[],
  o: PreprocessOptions,
): { data: Float32Array; dims: number[] } {
  if (images.length === 0) throw new Error('preprocessRef: no images');
  const sizes = images.map((im) => outputSize(o, im.width, im.height));
  const { width: W, height: H } = sizes[0];
  const i = sizes.findIndex((s) => s.width !== W || s.height !== H);
  if (i >= 0)
    throw new Error(
      `preprocessRef: image ${i} comes out ${sizes[i].width}×${sizes[i].height}, image 0 ${W}×${H}; set a crop`,
    );
  const per = W * H * 3;
  const data = new Float32Array(images.length * per);
  images.forEach((im, n) => {
    const rgb = toRgbF32(im);
    const r = o.resize;
    const size =
      r.mode === 'exact' ? { width: r.width, height: r.height } : shortSideSize(im.width, im.height, r.size);
    const resized = resizeRef(rgb, size.width, size.height, o.resample);
    const cropped = o.crop ? centerCropRef(resized, o.crop.width, o.crop.height) : resized;
    normalizeRef(cropped, o, data, n * per);
  });
  return { data, dims: o.layout === 'NCHW' ? [images.length, 3, H, W] : [images.length, H, W, 3] };
}
