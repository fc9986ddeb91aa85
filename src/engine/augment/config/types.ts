// The typed pipeline a pasted PaddleClas transform_ops / batch_transform_ops list becomes: what the CPU
// reference executor runs and what the GPU compiler turns into passes. Parameter names follow PaddleClas.
import type { Resample } from '../core/affine.ts';
import type { ResizeFilter } from '../core/resample.ts';
import type { ColorJitterConfig } from '../ops/color-jitter/color-jitter.ref.ts';
import type { GridMaskConfig } from '../ops/grid-mask/grid-mask.ref.ts';
import type { FlipCode } from '../ops/rand-flip/rand-flip.ref.ts';
import type { RandomErasingConfig } from '../ops/random-erasing/random-erasing.ref.ts';
import type { RandCropConfig } from '../ops/random-resized-crop/random-resized-crop.ref.ts';
import type { ResizeBackend, ResizeTarget } from '../ops/resize/resize.ref.ts';
import type { TimmRandAugmentConfig } from '../policies/timm-rand-augment/timm-rand-augment.ref.ts';

type Rgb = readonly [number, number, number];

export type TransformOp =
  | { readonly kind: 'DecodeImage' }
  | {
      readonly kind: 'ResizeImage';
      readonly target: ResizeTarget;
      readonly interpolation: ResizeFilter;
      readonly backend: ResizeBackend;
    }
  | { readonly kind: 'CropImage'; readonly size: readonly [number, number] }
  | {
      readonly kind: 'RandCropImage' | 'RandomResizedCrop';
      readonly size: readonly [number, number];
      readonly crop: RandCropConfig;
      readonly interpolation: ResizeFilter;
      readonly backend: ResizeBackend;
    }
  | { readonly kind: 'RandFlipImage'; readonly flipCode: FlipCode }
  | {
      readonly kind: 'NormalizeImage';
      readonly scale: number;
      readonly mean: Rgb;
      readonly std: Rgb;
      readonly order: string;
    }
  | { readonly kind: 'ToCHWImage' }
  | { readonly kind: 'ColorJitter'; readonly jitter: ColorJitterConfig }
  | {
      readonly kind: 'RandomRotation';
      readonly degrees: readonly [number, number];
      readonly interpolation: Resample;
      readonly fill: Rgb;
    }
  | { readonly kind: 'RandomGrayscale'; readonly p: number }
  | { readonly kind: 'AutoAugment' }
  | { readonly kind: 'RandAugment'; readonly numLayers: number; readonly magnitude: number }
  | { readonly kind: 'TimmAutoAugment'; readonly configStr: string; readonly timm: TimmRandAugmentConfig }
  | { readonly kind: 'Cutout'; readonly nHoles: number; readonly length: number }
  | { readonly kind: 'RandomErasing'; readonly erasing: RandomErasingConfig }
  | { readonly kind: 'HideAndSeek' }
  | { readonly kind: 'GridMask'; readonly grid: GridMaskConfig };

export type MixOp =
  | { readonly kind: 'MixupOperator'; readonly alpha: number }
  | { readonly kind: 'CutmixOperator'; readonly alpha: number };

export type BatchOp =
  | MixOp
  | { readonly kind: 'OpSampler'; readonly ops: readonly { readonly op: MixOp; readonly prob: number }[] };

export interface AugmentPipeline {
  readonly transforms: readonly TransformOp[];
  readonly batch: readonly BatchOp[];
}

/** RNG stream id of transform op i (its position), and of batch op i: streams never collide. */
export const transformStream = (i: number): number => i;
export const batchStream = (i: number): number => 0x10000 + i;
