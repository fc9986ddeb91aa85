// Eval preprocessing at a square size: resize the short side to size/0.875, centre crop size, ImageNet mean/std
// (the torchvision recipe: 256→224, 146→128), unless the caller passes the model's own values.
import type { PreprocessOptions } from '../../preprocess/pipeline.ref.ts';

export function evalPreprocess(
  size: number,
  norm: Pick<PreprocessOptions, 'mean' | 'std'> = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
): PreprocessOptions {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`evalPreprocess: size must be a positive integer, got ${size}`);
  return {
    resize: { mode: 'short-side', size: Math.floor(size / 0.875) },
    resample: 'bilinear',
    crop: { width: size, height: size },
    scale: 1 / 255,
    mean: norm.mean,
    std: norm.std,
    channelOrder: 'RGB',
    layout: 'NCHW',
  };
}
