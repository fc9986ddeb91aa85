// The Train screen's recipe presets, after PaddleClas: each gives a complete Recipe (every field stays editable)
// and the train-time PaddleClas transform_ops it implies. Figures follow ../shared/REFERENCE.md where it has one.
import { DEFAULT_RECIPE, type Recipe } from '../loop/recipe.ts';

export type PresetId = 'quick-head' | 'finetune' | 'finetune-randaug' | 'scratch';

export interface RecipePreset {
  id: PresetId;
  label: string;
  /** One sentence for the screen: what it trains and where the figures come from. */
  description: string;
  recipe: Recipe;
}

const IMAGENET_NORMALIZE = {
  NormalizeImage: { scale: '1.0/255.0', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], order: '' },
};

/** RandCropImage + RandFlipImage (+ extra per-sample ops) + NormalizeImage (+ trailing ops), at `size`. */
export function cropFlipOps(size: number, extra: unknown[] = [], trailing: unknown[] = []): unknown[] {
  return [
    { DecodeImage: { to_rgb: true, channel_first: false } },
    { RandCropImage: { size } },
    { RandFlipImage: { flip_code: 1 } },
    ...extra,
    IMAGENET_NORMALIZE,
    ...trailing,
  ];
}

export function randAugmentErasingOps(size: number): unknown[] {
  return cropFlipOps(
    size,
    [{ RandAugment: { num_layers: 2, magnitude: 5 } }],
    [
      {
        RandomErasing: {
          EPSILON: 0.5,
          sl: 0.02,
          sh: 0.4,
          r1: 0.3,
          attempt: 10,
          use_log_aspect: true,
          mode: 'pixel',
        },
      },
    ],
  );
}

const FINETUNE: Recipe = {
  ...DEFAULT_RECIPE,
  mode: 'full',
  epochs: 6,
  batch: 32,
  lr: 0.01,
  size: 224,
  schedule: 'cosine',
  warmupEpochs: 1,
  optimizer: { kind: 'sgd', momentum: 0.9, weightDecay: 1e-5 },
  labelSmoothing: 0.1,
  // BatchNorm is folded into the convolutions of the zoo's ONNX MobileNetV2: at the head's lr the backbone diverges.
  backboneLrMult: 0.1,
  augment: ['rrc', 'flip'],
  transformOps: cropFlipOps(224),
};

export const PRESETS: readonly RecipePreset[] = [
  {
    id: 'quick-head',
    label: 'Quick: head only',
    description:
      'A fresh classifier on the frozen backbone; its features are computed once, so epochs take seconds.',
    recipe: {
      ...DEFAULT_RECIPE,
      mode: 'head',
      epochs: 5,
      batch: 32,
      lr: 0.01,
      size: 224,
      schedule: 'cosine',
      optimizer: { kind: 'sgd', momentum: 0.9, weightDecay: 0 },
    },
  },
  {
    id: 'finetune',
    label: 'Fine-tune (PaddleClas flowers102 quick start)',
    description:
      'Whole network: Momentum 0.9, cosine lr with 1 warm-up epoch, label smoothing 0.1, RandCrop + Flip.',
    recipe: FINETUNE,
  },
  {
    id: 'finetune-randaug',
    label: 'Fine-tune + RandAugment + RandomErasing',
    description:
      'The fine-tune recipe with RandAugment (N 2, M 5) and RandomErasing (ε 0.5) on every sample.',
    recipe: { ...FINETUNE, transformOps: randAugmentErasingOps(224) },
  },
  {
    id: 'scratch',
    label: 'From scratch',
    description: 'Every weight re-initialised (He normal): needs many epochs and a large dataset.',
    recipe: {
      ...FINETUNE,
      epochs: 30,
      lr: 0.1,
      warmupEpochs: 5,
      optimizer: { kind: 'sgd', momentum: 0.9, weightDecay: 1e-4 },
      backboneLrMult: 1,
      fromScratch: true,
    },
  },
];

export function preset(id: PresetId): RecipePreset {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no recipe preset '${id}' (have ${PRESETS.map((x) => x.id).join(', ')})`);
  return p;
}

/** A preset's recipe with its transform_ops resized to `size` (the crop follows the input size field). */
export function withSize(r: Recipe, size: number): Recipe {
  const resize = (ops: unknown[]) =>
    ops.map((op) => {
      const o = op as Record<string, Record<string, unknown>>;
      return o.RandCropImage ? { RandCropImage: { ...o.RandCropImage, size } } : op;
    });
  return { ...r, size, transformOps: r.transformOps ? resize(r.transformOps) : undefined };
}
