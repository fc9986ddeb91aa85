// Every augmentation op on the GPU vs the plain-TS reference for the same seed and parameters, on real photo
// crops from ../shared: within 1e-3 in normalized units; Equalize/AutoContrast/Posterize exact on integer input;
// geometric ops at the borders with fill; batch mixing and soft targets; a pasted ResNet50_vd config.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { gpuSkipped, requireGpu } from '../../gpu/testing.ts';
import { globalAvgPoolForward } from '../../kernels/global-avg-pool/global-avg-pool.ts';
import { applyPlan, type OpDraw, runPipeline } from '../config/execute.ts';
import { RESNET50_VD_TRANSFORM_OPS } from '../config/fixtures.ts';
import { parsePipeline } from '../config/parse.ts';
import type { AugmentPipeline } from '../config/types.ts';
import { cropImage, type RgbImage } from '../core/image.ts';
import { toNchw } from '../ops/normalize/normalize.ref.ts';
import type { ImageOpCall } from '../policies/image-op.ts';
import { augmentBatchGpu, uploadSources } from './augment-gpu.ts';
import { loadTestPhoto } from './testing/test-photos.ts';

const KEY = { seed: 7, epoch: 240, step: 3 };
const NORMALIZE = { NormalizeImage: { scale: '1.0/255.0', order: '' } };

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): { err: number; at: number } {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let err = 0;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= err)) {
      err = d;
      at = i;
    }
  }
  return { err, at };
}

describe.skipIf(gpuSkipped)('augmentation on the GPU vs the reference', () => {
  let ctx: GpuContext;
  let mixed: RgbImage[];
  let same: RgbImage[];
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'augment test' });
    const coffee = await loadTestPhoto('data/photos/coffee.png');
    const cat = await loadTestPhoto('data/photos/chelsea.png');
    mixed = [cropImage(coffee, 200, 120, 80, 64), cropImage(cat, 150, 60, 72, 76)];
    same = [cropImage(coffee, 240, 100, 72, 64), cropImage(cat, 160, 40, 72, 64)];
  });
  afterAll(() => ctx?.destroy());

  async function compare(
    pipeline: AugmentPipeline,
    images: RgbImage[],
    opts: { plans?: OpDraw[][]; tol?: number; key?: typeof KEY; classNum?: number } = {},
  ): Promise<number> {
    const key = opts.key ?? KEY;
    const labels = images.map((_, i) => i % 3);
    const classNum = opts.classNum ?? 3;
    const src = uploadSources(ctx, images);
    const gpu = augmentBatchGpu(ctx, pipeline, src, labels, classNum, key, opts.plans);
    const got = await ctx.read(gpu.images);
    const gotTargets = await ctx.read(gpu.targets);
    let expected: Float32Array;
    let targets: Float32Array | undefined;
    if (opts.plans) {
      const plans = opts.plans;
      expected = toNchw(images.map((img, i) => applyPlan(img, pipeline, plans[i])));
    } else {
      const ref = runPipeline(pipeline, images, labels, classNum, key);
      expected = ref.nchw;
      targets = ref.targets;
    }
    const { err, at } = maxDiff(got, expected);
    expect(err, `max |gpu − ref| ${err} at ${at}: ${got[at]} vs ${expected[at]}`).toBeLessThanOrEqual(
      opts.tol ?? 1e-3,
    );
    if (targets) expect(maxDiff(gotTargets, targets).err).toBeLessThan(1e-6);
    for (const t of [src.tensor, gpu.images, gpu.targets]) ctx.release(t);
    return err;
  }

  const drawn: [string, unknown[], 'mixed' | 'same'][] = [
    [
      'RandCropImage (cv2 bilinear) + RandFlipImage',
      [{ RandCropImage: { size: 48 } }, { RandFlipImage: { flip_code: 1 } }],
      'mixed',
    ],
    [
      'RandCropImage (pil bicubic, antialiased)',
      [{ RandCropImage: { size: [40, 36], interpolation: 'bicubic', backend: 'pil' } }],
      'mixed',
    ],
    [
      'RandomResizedCrop (pil bilinear) + vertical/both flips',
      [
        { RandomResizedCrop: { size: 44 } },
        { RandFlipImage: { flip_code: 0 } },
        { RandFlipImage: { flip_code: -1 } },
      ],
      'mixed',
    ],
    [
      'ResizeImage resize_short (pil) + CropImage',
      [{ ResizeImage: { resize_short: 40, backend: 'pil' } }, { CropImage: { size: 32 } }],
      'mixed',
    ],
    [
      'ResizeImage size (cv2 bicubic, upscale)',
      [{ ResizeImage: { size: [100, 90], interpolation: 'bicubic' } }],
      'mixed',
    ],
    ['ColorJitter', [{ ColorJitter: { brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 } }], 'same'],
    ['RandomRotation nearest with fill', [{ RandomRotation: { degrees: 40, fill: [10, 200, 30] } }], 'same'],
    [
      'RandomRotation bilinear',
      [{ RandomRotation: { degrees: 40, interpolation: 'bilinear', fill: 128 } }],
      'same',
    ],
    ['RandomRotation bicubic', [{ RandomRotation: { degrees: 40, interpolation: 'bicubic' } }], 'same'],
    ['RandomGrayscale', [{ RandomGrayscale: { p: 0.5 } }], 'same'],
    ['Cutout', [{ Cutout: { n_holes: 2, length: 30 } }], 'same'],
    ['RandomErasing const', [{ RandomErasing: { EPSILON: 1, mean: [0.1, 0.2, 0.3] } }], 'same'],
    ['RandomErasing rand', [{ RandomErasing: { EPSILON: 1, mode: 'rand' } }], 'same'],
    ['RandomErasing pixel', [{ RandomErasing: { EPSILON: 1, mode: 'pixel', use_log_aspect: true } }], 'same'],
    ['HideAndSeek', [{ HideAndSeek: null }], 'same'],
    ['GridMask', [{ GridMask: { d1: 20, d2: 50, prob: 1 } }], 'same'],
    ['GridMask rotated, mode 1', [{ GridMask: { d1: 20, d2: 50, prob: 1, rotate: 90, mode: 1 } }], 'same'],
    ['AutoAugment', [{ AutoAugment: null }], 'same'],
    ['RandAugment N=2 M=9', [{ RandAugment: { num_layers: 2, magnitude: 9 } }], 'same'],
    [
      'TimmAutoAugment rand-m9-mstd0.5-inc1',
      [{ TimmAutoAugment: { config_str: 'rand-m9-mstd0.5-inc1', interpolation: 'bicubic' } }],
      'same',
    ],
  ];
  for (const [name, ops, which] of drawn) {
    it(`${name}: drawn parameters, two keys`, async () => {
      const pipeline = parsePipeline([...ops, NORMALIZE]);
      const images = which === 'mixed' ? mixed : same;
      await compare(pipeline, images);
      await compare(pipeline, images, { key: { ...KEY, step: 4 } });
    });
  }

  const fill = [128, 128, 128] as const;
  const calls: ImageOpCall[] = [
    { op: 'ShearX', factor: 0.3, resample: 'bicubic', fill },
    { op: 'ShearY', factor: -0.3, resample: 'bicubic', fill },
    { op: 'ShearX', factor: -0.2, resample: 'bilinear', fill: [0, 255, 0] },
    { op: 'TranslateX', pixels: 20, resample: 'nearest', fill },
    { op: 'TranslateY', pixels: -23.5, resample: 'nearest', fill: [255, 0, 0] },
    { op: 'Rotate', degrees: 30, resample: 'nearest', fill },
    { op: 'Rotate', degrees: -17, resample: 'bicubic', fill },
    { op: 'Invert' },
    { op: 'Solarize', threshold: 128 },
    { op: 'SolarizeAdd', add: 50, threshold: 128 },
    { op: 'Contrast', factor: 1.7 },
    { op: 'Contrast', factor: 0.2 },
    { op: 'Color', factor: 0.3 },
    { op: 'Brightness', factor: 1.8 },
    { op: 'Sharpness', factor: 1.9 },
    { op: 'Sharpness', factor: 0.1 },
  ];
  const randAugment = parsePipeline([{ RandAugment: null }, NORMALIZE]);
  for (const call of calls) {
    it(`${call.op} ${JSON.stringify(call).slice(0, 60)}: pinned parameters`, async () => {
      const plans = same.map(() => [{ kind: 'calls', calls: [call] }, { kind: 'none' }] as OpDraw[]);
      await compare(randAugment, same, { plans });
    });
  }

  it('chained calls fuse into passes and still match (rotate → posterize → sharpness → equalize → translate)', async () => {
    const chain: ImageOpCall[] = [
      { op: 'Rotate', degrees: 12, resample: 'nearest', fill },
      { op: 'Posterize', bits: 3 },
      { op: 'Sharpness', factor: 1.5 },
      { op: 'Equalize' },
      { op: 'TranslateX', pixels: -10, resample: 'nearest', fill },
      { op: 'Brightness', factor: 0.7 },
    ];
    const plans = same.map(() => [{ kind: 'calls', calls: chain }, { kind: 'none' }] as OpDraw[]);
    await compare(randAugment, same, { plans });
  });

  const integerPipe = parsePipeline([{ RandAugment: null }]);
  for (const call of [
    { op: 'Equalize' },
    { op: 'AutoContrast' },
    { op: 'Posterize', bits: 2 },
    { op: 'Posterize', bits: 0 },
  ] as ImageOpCall[]) {
    it(`${call.op} is exact on integer input`, async () => {
      const plans = same.map(() => [{ kind: 'calls', calls: [call] }] as OpDraw[]);
      // AutoContrast needs a narrow range to exercise PIL's float64 LUT rounding
      const narrow = same.map((img) => ({ ...img, data: img.data.map((v) => 40 + Math.floor(v / 3)) }));
      await compare(integerPipe, same, { plans, tol: 0 });
      await compare(integerPipe, narrow, { plans, tol: 0 });
    });
  }

  for (const batch of [
    [{ MixupOperator: { alpha: 0.2 } }],
    [{ CutmixOperator: { alpha: 1.0 } }],
    [{ OpSampler: { MixupOperator: { alpha: 0.8, prob: 0.5 }, CutmixOperator: { alpha: 1.0, prob: 0.5 } } }],
  ]) {
    it(`batch ${Object.keys(batch[0])[0]}: images and soft targets`, async () => {
      const pipeline = parsePipeline({
        transform_ops: [{ RandCropImage: { size: 40 } }, NORMALIZE],
        batch_transform_ops: batch,
      });
      const four = [...mixed, ...same];
      await compare(pipeline, four, { classNum: 5 });
      await compare(pipeline, four, { classNum: 5, key: { ...KEY, step: 9 } });
    });
  }

  it('the pasted ResNet50_vd transform_ops (RandAugment + RandomErasing pixel) matches the CPU pipeline', async () => {
    const pipeline = parsePipeline(RESNET50_VD_TRANSFORM_OPS.replace('"size": 224', '"size": 64'));
    for (const step of [0, 1, 2]) await compare(pipeline, mixed, { key: { ...KEY, step } });
  });

  it('the batch feeds the next GPU kernel directly (no readback in between)', async () => {
    const pipeline = parsePipeline(RESNET50_VD_TRANSFORM_OPS.replace('"size": 224', '"size": 48'));
    const src = uploadSources(ctx, mixed);
    const out = augmentBatchGpu(ctx, pipeline, src, [0, 1], 2, KEY);
    const pooled = globalAvgPoolForward(ctx, out.images);
    const means = await ctx.read(pooled);
    const ref = runPipeline(pipeline, mixed, [0, 1], 2, KEY).nchw;
    const plane = 48 * 48;
    for (let i = 0; i < 6; i++) {
      let sum = 0;
      for (let p = 0; p < plane; p++) sum += ref[i * plane + p];
      expect(means[i]).toBeCloseTo(sum / plane, 4);
    }
    for (const t of [src.tensor, out.images, out.targets, pooled]) ctx.release(t);
  });

  it('names the problem when samples end at different sizes', () => {
    const src = uploadSources(ctx, mixed);
    expect(() => augmentBatchGpu(ctx, parsePipeline([{ RandFlipImage: null }]), src, [0, 1], 2, KEY)).toThrow(
      /sample 1 ends at 72×76 but sample 0 at 80×64/,
    );
    expect(() => augmentBatchGpu(ctx, parsePipeline([{ RandFlipImage: null }]), src, [0, 7], 2, KEY)).toThrow(
      'batch mixing: label 7 of sample 1 is outside [0, 2)',
    );
    ctx.release(src.tensor);
  });
});
