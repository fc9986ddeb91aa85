// CPU reference executor: per sample, draw every op's parameters from its own stream (the "plan" a GPU
// compiler consumes), then apply the plan with the plain-TS references; per batch, the mixing ops.

import { applyCutmix, sampleCutmix } from '../batch/cutmix/cutmix.ref.ts';
import { applyMixup, type MixedBatch, sampleMixup } from '../batch/mixup/mixup.ref.ts';
import { sampleOpSampler } from '../batch/op-sampler/op-sampler.ref.ts';
import { oneHotTargets } from '../batch/soft-targets.ts';
import type { RgbImage } from '../core/image.ts';
import { applyCenterCrop } from '../ops/center-crop/center-crop.ref.ts';
import {
  applyColorJitter,
  type JitterStep,
  sampleColorJitter,
} from '../ops/color-jitter/color-jitter.ref.ts';
import { type Box, fillBoxes, sampleCutout } from '../ops/cutout/cutout.ref.ts';
import { applyGridMask, type GridMaskDraw, sampleGridMask } from '../ops/grid-mask/grid-mask.ref.ts';
import {
  applyHideAndSeek,
  type HideAndSeekDraw,
  sampleHideAndSeek,
} from '../ops/hide-and-seek/hide-and-seek.ref.ts';
import { applyNormalize, toNchw } from '../ops/normalize/normalize.ref.ts';
import { applyFlip, sampleRandFlip } from '../ops/rand-flip/rand-flip.ref.ts';
import {
  applyRandomErasing,
  type ErasingDraw,
  sampleRandomErasing,
} from '../ops/random-erasing/random-erasing.ref.ts';
import { applyRandomGrayscale, sampleRandomGrayscale } from '../ops/random-grayscale/random-grayscale.ref.ts';
import {
  applyCropResize,
  type CropBox,
  sampleRandCropImage,
  sampleRandomResizedCrop,
} from '../ops/random-resized-crop/random-resized-crop.ref.ts';
import { applyResize, resizeTargetSize } from '../ops/resize/resize.ref.ts';
import { applyRotate } from '../ops/rotate/rotate.ref.ts';
import { sampleAutoAugment } from '../policies/auto-augment/auto-augment.ref.ts';
import { applyImageOps, type ImageOpCall } from '../policies/image-op.ts';
import { DEFAULT_RAND_AUGMENT, sampleRandAugment } from '../policies/rand-augment/rand-augment.ref.ts';
import { sampleTimmRandAugment } from '../policies/timm-rand-augment/timm-rand-augment.ref.ts';
import { BATCH_SAMPLE, RngStream } from '../rng/stream.ts';
import {
  type AugmentPipeline,
  type BatchOp,
  batchStream,
  type TransformOp,
  transformStream,
} from './types.ts';

/** Where a sample sits in training: with the pipeline's seed this fixes every draw. */
export interface SampleKey {
  readonly seed: number;
  readonly epoch: number;
  readonly step: number;
  readonly sample: number;
}

/** One op's drawn parameters; `undefined` fields mean "op skipped for this sample". */
export type OpDraw =
  | { readonly kind: 'none' }
  | { readonly kind: 'crop'; readonly box: CropBox }
  | { readonly kind: 'flip'; readonly flip: boolean }
  | { readonly kind: 'jitter'; readonly steps: JitterStep[] }
  | { readonly kind: 'angle'; readonly angle: number }
  | { readonly kind: 'gray'; readonly gray: boolean }
  | { readonly kind: 'calls'; readonly calls: ImageOpCall[] }
  | { readonly kind: 'boxes'; readonly boxes: Box[] }
  | { readonly kind: 'erasing'; readonly draw: ErasingDraw | undefined }
  | { readonly kind: 'hide'; readonly draw: HideAndSeekDraw }
  | { readonly kind: 'grid'; readonly draw: GridMaskDraw | undefined };

/** Size after the op (only resize/crop ops change it). */
function sizeAfter(op: TransformOp, w: number, h: number): [number, number] {
  switch (op.kind) {
    case 'ResizeImage':
      return resizeTargetSize(op.target, w, h);
    case 'CropImage':
    case 'RandCropImage':
    case 'RandomResizedCrop':
      return [op.size[0], op.size[1]];
    default:
      return [w, h];
  }
}

function sampleOp(op: TransformOp, rng: RngStream, w: number, h: number): OpDraw {
  switch (op.kind) {
    case 'RandCropImage':
      return { kind: 'crop', box: sampleRandCropImage(rng, op.crop, w, h) };
    case 'RandomResizedCrop':
      return { kind: 'crop', box: sampleRandomResizedCrop(rng, op.crop, w, h) };
    case 'RandFlipImage':
      return { kind: 'flip', flip: sampleRandFlip(rng) };
    case 'ColorJitter':
      return { kind: 'jitter', steps: sampleColorJitter(rng, op.jitter) };
    case 'RandomRotation':
      return { kind: 'angle', angle: rng.uniformRange(op.degrees[0], op.degrees[1]) };
    case 'RandomGrayscale':
      return { kind: 'gray', gray: sampleRandomGrayscale(rng, op.p) };
    case 'AutoAugment':
      return { kind: 'calls', calls: sampleAutoAugment(rng, w, h).calls };
    case 'RandAugment':
      return {
        kind: 'calls',
        calls: sampleRandAugment(
          rng,
          { ...DEFAULT_RAND_AUGMENT, numLayers: op.numLayers, magnitude: op.magnitude },
          w,
          h,
        ),
      };
    case 'TimmAutoAugment':
      return { kind: 'calls', calls: sampleTimmRandAugment(rng, op.timm, w, h).calls };
    case 'Cutout':
      return { kind: 'boxes', boxes: sampleCutout(rng, op.nHoles, op.length, w, h) };
    case 'RandomErasing':
      return { kind: 'erasing', draw: sampleRandomErasing(rng, op.erasing, w, h) };
    case 'HideAndSeek':
      return { kind: 'hide', draw: sampleHideAndSeek(rng, w, h) };
    case 'GridMask':
      return { kind: 'grid', draw: sampleGridMask(rng, op.grid) };
    default:
      return { kind: 'none' };
  }
}

/** Every op's parameters for one sample, given the decoded image size: a pure function of (key, config, size). */
export function planSample(
  pipeline: AugmentPipeline,
  key: SampleKey,
  width: number,
  height: number,
): OpDraw[] {
  let w = width;
  let h = height;
  return pipeline.transforms.map((op, i) => {
    const draw = sampleOp(op, new RngStream({ ...key, stream: transformStream(i) }), w, h);
    [w, h] = sizeAfter(op, w, h);
    return draw;
  });
}

function applyOp(img: RgbImage, op: TransformOp, draw: OpDraw): RgbImage {
  switch (op.kind) {
    case 'ResizeImage': {
      const [w, h] = resizeTargetSize(op.target, img.width, img.height);
      return applyResize(img, w, h, op.interpolation, op.backend);
    }
    case 'CropImage':
      return applyCenterCrop(img, op.size[0], op.size[1]);
    case 'RandCropImage':
    case 'RandomResizedCrop':
      if (draw.kind !== 'crop') break;
      return applyCropResize(img, draw.box, op.size[0], op.size[1], op.interpolation, op.backend === 'pil');
    case 'RandFlipImage':
      if (draw.kind !== 'flip') break;
      return draw.flip ? applyFlip(img, op.flipCode) : img;
    case 'NormalizeImage':
      return applyNormalize(img, op);
    case 'ColorJitter':
      if (draw.kind !== 'jitter') break;
      return applyColorJitter(img, draw.steps);
    case 'RandomRotation':
      if (draw.kind !== 'angle') break;
      return applyRotate(img, draw.angle, op.interpolation, op.fill);
    case 'RandomGrayscale':
      if (draw.kind !== 'gray') break;
      return applyRandomGrayscale(img, draw.gray);
    case 'AutoAugment':
    case 'RandAugment':
    case 'TimmAutoAugment':
      if (draw.kind !== 'calls') break;
      return applyImageOps(img, draw.calls);
    case 'Cutout':
      if (draw.kind !== 'boxes') break;
      return fillBoxes(img, draw.boxes, [0, 0, 0]);
    case 'RandomErasing':
      if (draw.kind !== 'erasing') break;
      return applyRandomErasing(img, draw.draw);
    case 'HideAndSeek':
      if (draw.kind !== 'hide') break;
      return applyHideAndSeek(img, draw.draw);
    case 'GridMask':
      if (draw.kind !== 'grid') break;
      return applyGridMask(img, draw.draw);
    case 'DecodeImage':
    case 'ToCHWImage':
      return img;
  }
  throw new Error(`augment executor: ${op.kind} got a '${draw.kind}' draw (plan and pipeline do not match)`);
}

export function applyPlan(img: RgbImage, pipeline: AugmentPipeline, plan: readonly OpDraw[]): RgbImage {
  if (plan.length !== pipeline.transforms.length) {
    throw new Error(`augment executor: plan has ${plan.length} draws for ${pipeline.transforms.length} ops`);
  }
  return pipeline.transforms.reduce((acc, op, i) => applyOp(acc, op, plan[i]), img);
}

/** Draw and apply the per-sample transforms. */
export function runTransforms(pipeline: AugmentPipeline, img: RgbImage, key: SampleKey): RgbImage {
  return applyPlan(img, pipeline, planSample(pipeline, key, img.width, img.height));
}

function runBatchOp(
  op: BatchOp,
  rng: RngStream,
  batch: MixedBatch & { labels: readonly number[] },
  classNum: number,
): MixedBatch {
  const mix = op.kind === 'OpSampler' ? sampleOpSampler(rng, op.ops) : op;
  if (!mix) return batch;
  const { width: w, height: h } = batch.images[0];
  if (mix.kind === 'MixupOperator') {
    return applyMixup(batch.images, batch.labels, sampleMixup(rng, batch.images.length, mix.alpha), classNum);
  }
  return applyCutmix(
    batch.images,
    batch.labels,
    sampleCutmix(rng, batch.images.length, mix.alpha, w, h),
    classNum,
  );
}

/**
 * The whole pipeline on a batch: transforms per sample (sample index = position in the batch), then the batch
 * ops (PaddleClas applies each to hard labels; with several batch ops the last one's targets win, as there).
 * Returns NCHW float32 and [N, classNum] soft targets.
 */
export function runPipeline(
  pipeline: AugmentPipeline,
  images: readonly RgbImage[],
  labels: readonly number[],
  classNum: number,
  key: Omit<SampleKey, 'sample'>,
): { nchw: Float32Array; targets: Float32Array; images: RgbImage[] } {
  if (images.length !== labels.length) {
    throw new RangeError(`runPipeline: ${images.length} images but ${labels.length} labels`);
  }
  const out = images.map((img, i) => runTransforms(pipeline, img, { ...key, sample: i }));
  let batch: MixedBatch = { images: out, targets: oneHotTargets(labels, classNum) };
  pipeline.batch.forEach((op, i) => {
    const rng = new RngStream({ ...key, sample: BATCH_SAMPLE, stream: batchStream(i) });
    batch = runBatchOp(op, rng, { ...batch, labels }, classNum);
  });
  return { nchw: toNchw(batch.images), targets: batch.targets, images: batch.images };
}
