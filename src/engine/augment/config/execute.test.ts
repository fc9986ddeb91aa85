// The CPU reference executor: reproducible plans, plan/apply split, and pasted PaddleClas configs running on a
// real photo from ../shared (coffee.png, chelsea.png) end to end into NCHW tensors and soft targets.
import { describe, expect, it } from 'vitest';
import { cropImage, type RgbImage } from '../core/image.ts';
import { readSharedPng } from '../testing/shared-photo.ts';
import { identical, randomImage } from '../testing/test-util.ts';
import { applyPlan, planSample, runPipeline, runTransforms } from './execute.ts';
import { DEIT_BATCH_OPS, RESNET50_VD_TRANSFORM_OPS, TIMM_TRANSFORM_OPS } from './fixtures.ts';
import { parsePipeline } from './parse.ts';

const key = { seed: 2024, epoch: 3, step: 17, sample: 0 };

describe('reference executor', () => {
  const pipeline = parsePipeline(RESNET50_VD_TRANSFORM_OPS);
  const img = randomImage(96, 80, 5);

  it('same (seed, epoch, step, sample) → same output; another sample or step → different', () => {
    const a = runTransforms(pipeline, img, key);
    expect(identical(runTransforms(pipeline, img, key).data, a.data)).toBe(true);
    expect(identical(runTransforms(pipeline, img, { ...key, sample: 1 }).data, a.data)).toBe(false);
    expect(identical(runTransforms(pipeline, img, { ...key, step: 18 }).data, a.data)).toBe(false);
    expect(planSample(pipeline, key, 96, 80)).toEqual(planSample(pipeline, key, 96, 80));
  });

  it('runTransforms = applyPlan(planSample): the plan alone fixes the result', () => {
    const plan = planSample(pipeline, key, 96, 80);
    expect(plan.map((d) => d.kind)).toEqual(['none', 'crop', 'flip', 'calls', 'none', 'erasing']);
    expect(identical(applyPlan(img, pipeline, plan).data, runTransforms(pipeline, img, key).data)).toBe(true);
    expect(() => applyPlan(img, pipeline, plan.slice(1))).toThrow(
      'augment executor: plan has 5 draws for 6 ops',
    );
    const swapped = [plan[0], plan[2], plan[1], ...plan.slice(3)];
    expect(() => applyPlan(img, pipeline, swapped)).toThrow(
      "augment executor: RandCropImage got a 'flip' draw",
    );
  });

  it('evaluation transforms (resize_short 256, crop 224, normalize) are deterministic and exact in size', () => {
    const evalPipe = parsePipeline([
      { DecodeImage: { to_rgb: true } },
      { ResizeImage: { resize_short: 256, backend: 'pil' } },
      { CropImage: { size: 224 } },
      { NormalizeImage: { scale: '1.0/255.0', order: '' } },
      { ToCHWImage: null },
    ]);
    const photo = readSharedPng('data/photos/coffee.png');
    expect([photo.width, photo.height]).toEqual([600, 400]);
    const a = runTransforms(evalPipe, photo, key);
    const b = runTransforms(evalPipe, photo, { ...key, sample: 9, epoch: 0 });
    expect([a.width, a.height]).toEqual([224, 224]);
    expect(identical(a.data, b.data)).toBe(true);
  });
});

describe('pasted PaddleClas configs on real photos', () => {
  const photos = ['data/photos/coffee.png', 'data/photos/chelsea.png'].map(readSharedPng);
  // a 2×2 batch: two photos and two crops of them, labels 0..3
  const batch: RgbImage[] = [
    ...photos,
    cropImage(photos[0], 100, 50, 300, 300),
    cropImage(photos[1], 0, 0, 300, 300),
  ];
  const labels = [0, 1, 2, 3];

  it('ResNet50_vd transform_ops + OpSampler(Mixup, Cutmix) → NCHW float32 [4,3,224,224] and soft targets', () => {
    const pipeline = parsePipeline({
      transform_ops: JSON.parse(RESNET50_VD_TRANSFORM_OPS),
      batch_transform_ops: JSON.parse(DEIT_BATCH_OPS),
    });
    const out = runPipeline(pipeline, batch, labels, 5, { seed: 1, epoch: 0, step: 0 });
    expect(out.nchw.length).toBe(4 * 3 * 224 * 224);
    expect(out.nchw.every(Number.isFinite)).toBe(true);
    // normalized photo values: mostly within a few std of 0
    let inside = 0;
    for (const v of out.nchw) if (Math.abs(v) < 3) inside++;
    expect(inside / out.nchw.length).toBeGreaterThan(0.9);
    for (let i = 0; i < 4; i++) {
      const row = Array.from(out.targets.slice(i * 5, i * 5 + 5));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(row[4]).toBe(0);
      expect(row.filter((v) => v > 0).length).toBeLessThanOrEqual(2);
    }
    const again = runPipeline(pipeline, batch, labels, 5, { seed: 1, epoch: 0, step: 0 });
    expect(identical(again.nchw, out.nchw)).toBe(true);
    expect(identical(again.targets, out.targets)).toBe(true);
  });

  it('the timm-style list (TimmAutoAugment rand-m9-mstd0.5-inc1, PIL bicubic crop) runs too', () => {
    const pipeline = parsePipeline(TIMM_TRANSFORM_OPS);
    const out = runPipeline(pipeline, batch.slice(0, 2), [0, 1], 2, { seed: 7, epoch: 1, step: 2 });
    expect(out.nchw.length).toBe(2 * 3 * 224 * 224);
    expect(out.nchw.every(Number.isFinite)).toBe(true);
    expect(Array.from(out.targets)).toEqual([1, 0, 0, 1]);
  });
});
