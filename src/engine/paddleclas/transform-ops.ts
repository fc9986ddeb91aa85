// The PaddleClas `transform_ops` lists a recipe implies: train (the recipe's own list, or one built from its
// `augment` flags) and eval (resize the short side to S/0.875, centre crop S, as src/engine/data/feed does).
import type { Recipe } from '../nn/loop/recipe.ts';

const NORMALIZE = {
  NormalizeImage: { scale: '1.0/255.0', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], order: '' },
};
const DECODE = { DecodeImage: { to_rgb: true, channel_first: false } };

/** Short side before the centre crop: floor(S / 0.875), 256 for 224 (the studio's eval preprocessing). */
export function evalResizeShort(size: number): number {
  return Math.floor(size / 0.875);
}

export function evalTransformOps(size: number): unknown[] {
  return [
    DECODE,
    { ResizeImage: { resize_short: evalResizeShort(size) } },
    { CropImage: { size } },
    NORMALIZE,
  ];
}

/**
 * Train-time ops. Head mode trains on features of un-augmented images, so its list is the eval one; otherwise
 * the recipe's `transformOps` win over its `augment` flags, as in the studio's image loop.
 */
export function trainTransformOps(r: Recipe): unknown[] {
  if (r.mode === 'head') return evalTransformOps(r.size);
  if (r.transformOps) return r.transformOps.map((op) => structuredClone(op));
  const crop = r.augment.includes('rrc')
    ? [{ RandCropImage: { size: r.size } }]
    : [{ ResizeImage: { resize_short: evalResizeShort(r.size) } }, { CropImage: { size: r.size } }];
  const flip = r.augment.includes('flip') ? [{ RandFlipImage: { flip_code: 1 } }] : [];
  return [DECODE, ...crop, ...flip, NORMALIZE];
}
