// The train-time augmentation of a recipe as a typed pipeline: its PaddleClas transform_ops when given, else
// RandomResizedCrop (rrc) / resize + centre crop, RandFlipImage (flip) and ImageNet NormalizeImage.
import { parsePipeline } from '../../augment/config/parse.ts';
import type { AugmentPipeline } from '../../augment/config/types.ts';
import type { Recipe } from './recipe.ts';

const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

/**
 * The PaddleClas transform_ops list `--augment` stands for. `rrc` is torchvision's RandomResizedCrop (log-uniform
 * aspect, 10 tries, centre-crop fallback, PIL bilinear): the crop the PyTorch reference recipes use. PaddleClas's
 * RandCropImage (uniform aspect, scale clamped so one draw fits) is a `--transform-ops` list away.
 */
export function augmentOps(r: Pick<Recipe, 'augment' | 'size'>): unknown[] {
  const ops: unknown[] = r.augment.includes('rrc')
    ? [{ RandomResizedCrop: { size: r.size, interpolation: 'bilinear', backend: 'pil' } }]
    : // Without random crops the train images get the eval geometry (short side size/0.875, centre crop).
      [
        {
          ResizeImage: {
            resize_short: Math.floor(r.size / 0.875),
            interpolation: 'bilinear',
            backend: 'pil',
          },
        },
        { CropImage: { size: r.size } },
      ];
  if (r.augment.includes('flip')) ops.push({ RandFlipImage: { flip_code: 1 } });
  ops.push({ NormalizeImage: { scale: 1 / 255, ...IMAGENET, order: '' } });
  return ops;
}

/**
 * Parses the recipe's train pipeline. Batch ops (MixupOperator, CutmixOperator, OpSampler) are refused by name:
 * they produce soft targets, and the training schedule's loss takes hard labels.
 */
export function trainPipeline(r: Pick<Recipe, 'augment' | 'size' | 'transformOps'>): AugmentPipeline {
  const source = r.transformOps ?? augmentOps(r);
  const batchNames = source
    .map((op) => (op && typeof op === 'object' ? Object.keys(op)[0] : undefined))
    .filter((k) => k === 'MixupOperator' || k === 'CutmixOperator' || k === 'OpSampler');
  if (batchNames.length)
    throw new Error(
      `transform ops: ${batchNames.join(', ')} need soft-target cross-entropy, which full/last-k training does not ` +
        'wire into its loss yet; drop it (hard labels only)',
    );
  const pipeline = parsePipeline(source);
  if (!pipeline.transforms.some((t) => t.kind === 'NormalizeImage'))
    throw new Error(
      'transform ops: no NormalizeImage: the model would see [0, 255] pixels (add NormalizeImage)',
    );
  return pipeline;
}
