// A training recipe (what `webclas train` flags set) and the lr schedule it implies, per optimizer step.
import type { FineTuneMode, OptimizerSpec } from '../plan/schedule-types.ts';
import {
  constantLr,
  cosineLr,
  type LrSchedule,
  stepDecayLr,
  withLinearWarmup,
} from '../schedule/schedules.ts';

export interface Recipe {
  mode: FineTuneMode;
  k?: number;
  epochs: number;
  batch: number;
  lr: number;
  /** Square input size (train crop and eval crop). */
  size: number;
  seed: number;
  schedule: 'cosine' | 'step' | 'const';
  warmupEpochs: number;
  optimizer: OptimizerSpec;
  labelSmoothing: number;
  /** lr multiplier of every non-head param (BN is folded in the shared MobileNetV2, so the backbone needs ~0.1). */
  backboneLrMult: number;
  augment: ('rrc' | 'flip')[];
  /**
   * Train-time PaddleClas `transform_ops` (the JSON form of the YAML list, e.g. RandCropImage, RandFlipImage,
   * RandAugment, NormalizeImage, RandomErasing). When set it replaces `augment` for full/last-k training.
   */
  transformOps?: unknown[];
  /** Re-initialise every weight (He normal, BN γ 1 β 0) before training: the "from scratch" recipe. */
  fromScratch?: boolean;
  /** EMA decay of the weights (e.g. 0.9999); absent or 0: no EMA. */
  ema?: number;
}

export const DEFAULT_RECIPE: Recipe = {
  mode: 'head',
  epochs: 2,
  batch: 32,
  lr: 0.01,
  size: 224,
  seed: 0,
  schedule: 'cosine',
  warmupEpochs: 0,
  optimizer: { kind: 'sgd', momentum: 0.9, weightDecay: 0 },
  labelSmoothing: 0,
  backboneLrMult: 1,
  augment: [],
};

/** lr per optimizer step over `epochs × stepsPerEpoch` steps; warm-up is linear from 0 to `lr`. */
export function recipeLr(r: Recipe, stepsPerEpoch: number): LrSchedule {
  const warm = Math.round(r.warmupEpochs * stepsPerEpoch);
  const inner =
    r.schedule === 'cosine'
      ? cosineLr(r.lr)
      : r.schedule === 'step'
        ? // Decay ×0.1 at every third of the run after warm-up (torchvision's StepLR habit, scaled to the run).
          stepDecayLr(r.lr, Math.max(1, Math.round((r.epochs * stepsPerEpoch - warm) / 3)), 0.1)
        : constantLr(r.lr);
  return withLinearWarmup(inner, warm, 0, r.lr);
}

/** Checks ranges, naming the flag at fault. */
export function checkRecipe(r: Recipe): void {
  const posInt = (v: number, flag: string) => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${flag} must be a positive integer, got ${v}`);
  };
  posInt(r.epochs, 'epochs');
  posInt(r.batch, 'batch');
  posInt(r.size, 'size');
  if (!(r.lr > 0)) throw new Error(`--lr must be > 0, got ${r.lr}`);
  if (!(r.labelSmoothing >= 0 && r.labelSmoothing < 1))
    throw new Error(`--label-smoothing must be in [0, 1), got ${r.labelSmoothing}`);
  if (!(r.backboneLrMult >= 0)) throw new Error(`--backbone-lr-mult must be ≥ 0, got ${r.backboneLrMult}`);
  if (!(r.warmupEpochs >= 0 && r.warmupEpochs < r.epochs))
    throw new Error(`--warmup-epochs must be ≥ 0 and below --epochs, got ${r.warmupEpochs}`);
  if (r.mode === 'last-k' && r.k !== undefined) posInt(r.k, 'k');
  if (r.ema !== undefined && !(r.ema >= 0 && r.ema < 1))
    throw new Error(`--ema must be in [0, 1), got ${r.ema}`);
}

/**
 * Images per forward batch when extracting head-mode features. The features do not depend on it, and a
 * full-batch head recipe (batch = the whole train split, as REFERENCE.md's linear probe) must not become one
 * huge inference batch (ORT WASM runs out of memory at 576 × 224 px).
 */
export function featureBatch(r: Pick<Recipe, 'batch'>): number {
  return Math.min(r.batch, 32);
}
