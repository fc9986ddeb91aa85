// The train pipeline a recipe implies: --augment as PaddleClas ops, transform_ops taken as given, and the
// refusals (batch ops need soft targets; no NormalizeImage) naming what is wrong.
import { describe, expect, it } from 'vitest';
import { augmentOps, trainPipeline } from './image-transforms.ts';

describe('train transform pipeline', () => {
  it('maps --augment rrc,flip to RandomResizedCrop + RandFlipImage + ImageNet NormalizeImage', () => {
    const p = trainPipeline({ augment: ['rrc', 'flip'], size: 96 });
    expect(p.transforms.map((t) => t.kind)).toEqual(['RandomResizedCrop', 'RandFlipImage', 'NormalizeImage']);
    const crop = p.transforms[0];
    if (crop.kind !== 'RandomResizedCrop') throw new Error('unreachable');
    expect(crop.size).toEqual([96, 96]);
    expect(crop.crop.scale).toEqual([0.08, 1]);
    expect(crop.crop.useLogAspect).toBe(true);
    const norm = p.transforms[2];
    if (norm.kind !== 'NormalizeImage') throw new Error('unreachable');
    expect(norm.mean).toEqual([0.485, 0.456, 0.406]);
    expect(norm.scale).toBeCloseTo(1 / 255, 12);
    expect(p.batch).toEqual([]);
  });

  it('without rrc uses the eval geometry (short side size/0.875, centre crop)', () => {
    expect(augmentOps({ augment: [], size: 128 })).toEqual([
      { ResizeImage: { resize_short: 146, interpolation: 'bilinear', backend: 'pil' } },
      { CropImage: { size: 128 } },
      { NormalizeImage: expect.objectContaining({ order: '' }) },
    ]);
    expect(trainPipeline({ augment: ['flip'], size: 128 }).transforms.map((t) => t.kind)).toEqual([
      'ResizeImage',
      'CropImage',
      'RandFlipImage',
      'NormalizeImage',
    ]);
  });

  it('takes transform_ops over --augment', () => {
    const ops = [
      { RandCropImage: { size: 64 } },
      { ColorJitter: { brightness: 0.4 } },
      { NormalizeImage: {} },
    ];
    const p = trainPipeline({ augment: ['flip'], size: 64, transformOps: ops });
    expect(p.transforms.map((t) => t.kind)).toEqual(['RandCropImage', 'ColorJitter', 'NormalizeImage']);
  });

  it('refuses batch ops and a pipeline without NormalizeImage, naming them', () => {
    const mixup = [
      { RandCropImage: { size: 64 } },
      { MixupOperator: { alpha: 0.2 } },
      { NormalizeImage: {} },
    ];
    expect(() => trainPipeline({ augment: [], size: 64, transformOps: mixup })).toThrow(
      /MixupOperator need soft-target cross-entropy/,
    );
    expect(() =>
      trainPipeline({ augment: [], size: 64, transformOps: [{ RandCropImage: { size: 64 } }] }),
    ).toThrow(/no NormalizeImage/);
    expect(() =>
      trainPipeline({ augment: [], size: 64, transformOps: [{ RandCrop: { size: 64 } }] }),
    ).toThrow(/transform_ops\[0\]: unknown op "RandCrop"/);
  });
});
