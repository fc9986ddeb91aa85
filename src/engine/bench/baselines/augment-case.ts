// The augmentation bench's workload, shared by all three columns: RandCropImage + RandFlipImage + a RandAugment
// affine op (Rotate, nearest, fill 128) + a colour op (Brightness) + NormalizeImage + RandomErasing + Cutmix,
// with every per-sample parameter drawn once by our sampler so the GPU, TF.js and CPU versions do the same work.

import { type OpDraw, planSample } from '../../augment/config/execute.ts';
import { parsePipeline } from '../../augment/config/parse.ts';
import type { AugmentPipeline } from '../../augment/config/types.ts';
import { makeImage, type RgbImage } from '../../augment/core/image.ts';
import { compileBatch, type MixStep } from '../../augment/gpu/compile.ts';
import type { CropBox } from '../../augment/ops/random-resized-crop/random-resized-crop.ref.ts';
import { RngStream } from '../../augment/rng/stream.ts';

export const MEAN = [0.485, 0.456, 0.406] as const;
export const STD = [0.229, 0.224, 0.225] as const;

export interface BenchSample {
  readonly box: CropBox;
  readonly flip: boolean;
  readonly angle: number;
  readonly brightness: number;
  readonly erase: { top: number; left: number; h: number; w: number } | undefined;
}

export interface AugmentBenchCase {
  readonly n: number;
  readonly size: number;
  readonly srcSize: number;
  readonly pipeline: AugmentPipeline;
  readonly plans: OpDraw[][];
  readonly samples: BenchSample[];
  readonly cutmix: Extract<MixStep, { kind: 'cutmix' }>;
  readonly images: RgbImage[];
  readonly labels: number[];
  readonly classNum: number;
}

export const BENCH_KEY = { seed: 2026, epoch: 1, step: 0 };

/** Smooth synthetic photos (content does not change the work done), srcSize² each. */
function sourceImage(srcSize: number, seed: number): RgbImage {
  const img = makeImage(srcSize, srcSize);
  for (let y = 0; y < srcSize; y++)
    for (let x = 0; x < srcSize; x++)
      for (let c = 0; c < 3; c++)
        img.data[(y * srcSize + x) * 3 + c] = Math.floor(
          127.5 + 127.5 * Math.sin((x * (c + 1) + y * ((seed % 7) + 1)) / 17 + seed),
        );
  return img;
}

export function makeAugmentBenchCase(n: number, size: number): AugmentBenchCase {
  const srcSize = Math.round((size * 8) / 7);
  const pipeline = parsePipeline({
    transform_ops: [
      { RandCropImage: { size } },
      { RandFlipImage: { flip_code: 1 } },
      { RandAugment: { num_layers: 2, magnitude: 5 } },
      { NormalizeImage: { scale: '1.0/255.0', order: '' } },
      { RandomErasing: { EPSILON: 0.5, mode: 'const' } },
    ],
    batch_transform_ops: [{ CutmixOperator: { alpha: 1.0 } }],
  });
  const samples: BenchSample[] = [];
  const plans = Array.from({ length: n }, (_, sample) => {
    const plan = planSample(pipeline, { ...BENCH_KEY, sample }, srcSize, srcSize);
    // pin RandAugment to one affine and one colour op with drawn magnitudes
    const rng = new RngStream({ ...BENCH_KEY, sample, stream: 0x20000 });
    const angle = rng.uniformRange(-30, 30);
    const brightness = rng.uniformRange(0.6, 1.4);
    plan[2] = {
      kind: 'calls',
      calls: [
        { op: 'Rotate', degrees: angle, resample: 'nearest', fill: [128, 128, 128] },
        { op: 'Brightness', factor: brightness },
      ],
    };
    const crop = plan[0];
    const flip = plan[1];
    const erasing = plan[4];
    if (crop.kind !== 'crop' || flip.kind !== 'flip' || erasing.kind !== 'erasing') {
      throw new Error('augment bench: unexpected plan layout');
    }
    const e = erasing.draw;
    samples.push({
      box: crop.box,
      flip: flip.flip,
      angle,
      brightness,
      erase: e ? { top: e.top, left: e.left, h: e.h, w: e.w } : undefined,
    });
    return plan;
  });
  const sizes = Array.from({ length: n }, () => [srcSize, srcSize] as const);
  const mix = compileBatch(pipeline, sizes, BENCH_KEY, plans).mixes[0];
  if (mix?.kind !== 'cutmix') throw new Error('augment bench: Cutmix draw missing');
  const images = Array.from({ length: n }, (_, i) => sourceImage(srcSize, i));
  const classNum = 10;
  return {
    n,
    size,
    srcSize,
    pipeline,
    plans,
    samples,
    cutmix: mix,
    images,
    labels: images.map((_, i) => i % classNum),
    classNum,
  };
}
