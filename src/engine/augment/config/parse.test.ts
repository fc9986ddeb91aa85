// Parsing pasted PaddleClas lists: the typed result for real configs, and the exact validation messages.
import { describe, expect, it } from 'vitest';
import {
  DEIT_BATCH_OPS,
  RESNET50_VD_EVAL,
  RESNET50_VD_TRAIN,
  RESNET50_VD_TRANSFORM_OPS,
  TIMM_TRANSFORM_OPS,
} from './fixtures.ts';
import { parseBatchTransformOps, parsePipeline, parseTransformOps } from './parse.ts';

describe('parseTransformOps', () => {
  it('reads the ResNet50_vd list with PaddleClas defaults filled in', () => {
    const ops = parseTransformOps(RESNET50_VD_TRANSFORM_OPS);
    expect(ops.map((o) => o.kind)).toEqual([
      'DecodeImage',
      'RandCropImage',
      'RandFlipImage',
      'RandAugment',
      'NormalizeImage',
      'RandomErasing',
    ]);
    expect(ops[1]).toEqual({
      kind: 'RandCropImage',
      size: [224, 224],
      crop: { scale: [0.08, 1], ratio: [0.75, 4 / 3], useLogAspect: false },
      interpolation: 'bilinear',
      backend: 'cv2',
    });
    expect(ops[4]).toMatchObject({ kind: 'NormalizeImage', scale: 1 / 255, order: '' });
    expect(ops[5]).toMatchObject({
      kind: 'RandomErasing',
      erasing: {
        EPSILON: 0.5,
        sl: 0.02,
        sh: 0.4,
        r1: 0.3,
        attempt: 10,
        useLogAspect: true,
        mode: 'pixel',
        mean: [0, 0, 0],
      },
    });
  });

  it('reads TimmAutoAugment with fill round(255·mean) and a null-param ToCHWImage', () => {
    const ops = parseTransformOps(TIMM_TRANSFORM_OPS);
    expect(ops[3]).toMatchObject({
      kind: 'TimmAutoAugment',
      timm: {
        magnitude: 9,
        magnitudeStd: 0.5,
        increasing: true,
        interpolation: 'bicubic',
        fill: [124, 116, 104],
      },
    });
    expect(ops[6]).toEqual({ kind: 'ToCHWImage' });
  });

  it('reads the other ops with their parameters', () => {
    const ops = parseTransformOps(
      [
        { ResizeImage: { resize_short: 256 } },
        { CropImage: { size: [224, 200] } },
        { ColorJitter: { brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 } },
        { RandomRotation: { degrees: 15, fill: [1, 2, 3] } },
        { RandomGrayscale: { p: 0.2 } },
        { AutoAugment: {} },
        { Cutout: { n_holes: 1, length: 112 } },
        'HideAndSeek',
        { GridMask: { d1: 96, d2: 224, rotate: 1, ratio: 0.5, mode: 0, prob: 0.8 } },
        { RandomResizedCrop: { size: 160 } },
      ],
      { numEpochs: 100 },
    );
    expect(ops[0]).toEqual({
      kind: 'ResizeImage',
      target: { resizeShort: 256 },
      interpolation: 'bilinear',
      backend: 'cv2',
    });
    expect(ops[1]).toEqual({ kind: 'CropImage', size: [224, 200] });
    expect(ops[3]).toEqual({
      kind: 'RandomRotation',
      degrees: [-15, 15],
      interpolation: 'nearest',
      fill: [1, 2, 3],
    });
    expect(ops[7]).toEqual({ kind: 'HideAndSeek' });
    expect(ops[8]).toMatchObject({ kind: 'GridMask', grid: { prob: 0.8, numEpochs: 100 } });
    expect(ops[9]).toMatchObject({ kind: 'RandomResizedCrop', size: [160, 160], backend: 'pil' });
  });

  it('names the index, op and parameter in every error', () => {
    const bad = (ops: unknown) => () => parseTransformOps(ops);
    expect(bad([{ DecodeImage: {} }, { RandCrop: { size: 224 } }])).toThrow(
      /^transform_ops\[1\]: unknown op "RandCrop"; supported: DecodeImage, ResizeImage/,
    );
    expect(bad([{ MixupOperator: { alpha: 0.2 } }])).toThrow(
      /it is a batch op: put it in batch_transform_ops/,
    );
    expect(bad([{ RandCropImage: { size: '224' } }])).toThrow(
      'transform_ops[0] RandCropImage: parameter "size" must be a positive integer or [w, h], got "224"',
    );
    expect(bad([{ RandCropImage: { size: 224, sacle: [0.1, 1] } }])).toThrow(
      'transform_ops[0] RandCropImage: unknown parameter "sacle" (known: size, scale, ratio, use_log_aspect, interpolation, backend)',
    );
    expect(bad([{ RandFlipImage: { flip_code: 2 } }])).toThrow(
      'transform_ops[0] RandFlipImage: parameter "flip_code" must be one of -1, 0, 1, got 2',
    );
    expect(bad([{ RandAugment: { num_layers: 1.5 } }])).toThrow(
      'transform_ops[0] RandAugment: parameter "num_layers" must be an integer, got 1.5',
    );
    expect(bad([{ NormalizeImage: { mean: [0.5, 0.5] } }])).toThrow(
      'transform_ops[0] NormalizeImage: parameter "mean" must be a list of 3 numbers, got [0.5,0.5]',
    );
    expect(bad([{ NormalizeImage: { scale: '1/x' } }])).toThrow(
      /NormalizeImage: parameter "scale": cannot read "1\/x"/,
    );
    expect(bad([{ RandomErasing: { mode: 'noise' } }])).toThrow(
      'transform_ops[0] RandomErasing: parameter "mode" must be one of "const", "rand", "pixel", got "noise"',
    );
    expect(bad([{ ResizeImage: {} }])).toThrow(
      'transform_ops[0] ResizeImage: needs "size" or "resize_short"',
    );
    expect(bad([{ TimmAutoAugment: { config_str: 'rand-q9' } }])).toThrow(
      "transform_ops[0] TimmAutoAugment: unknown key 'q' in config_str 'rand-q9' (known: m, n, mstd, inc)",
    );
    expect(bad([{ CropImage: {} }])).toThrow('transform_ops[0] CropImage: missing required parameter "size"');
    expect(bad([{ A: {}, B: {} }])).toThrow('transform_ops[0]: expected exactly one op name, got 2 (A, B)');
    expect(bad('{not json')).toThrow(/^transform_ops: not valid JSON/);
    expect(bad({ a: 1 })).toThrow('transform_ops: expected a list of ops, got object');
  });
});

describe('parseBatchTransformOps', () => {
  it('reads OpSampler with per-op alpha and prob', () => {
    expect(parseBatchTransformOps(DEIT_BATCH_OPS)).toEqual([
      {
        kind: 'OpSampler',
        ops: [
          { op: { kind: 'MixupOperator', alpha: 0.8 }, prob: 0.5 },
          { op: { kind: 'CutmixOperator', alpha: 1 }, prob: 0.5 },
        ],
      },
    ]);
    expect(parseBatchTransformOps([{ MixupOperator: { alpha: 0.2 } }])).toEqual([
      { kind: 'MixupOperator', alpha: 0.2 },
    ]);
    expect(parseBatchTransformOps([{ CutmixOperator: null }])).toEqual([
      { kind: 'CutmixOperator', alpha: 0.2 },
    ]);
  });

  it('rejects bad batch ops with exact messages', () => {
    expect(() => parseBatchTransformOps([{ FmixOperator: {} }])).toThrow(
      'batch_transform_ops[0]: unknown op "FmixOperator"; supported: MixupOperator, CutmixOperator, OpSampler',
    );
    expect(() => parseBatchTransformOps([{ MixupOperator: { alpha: 0 } }])).toThrow(
      'batch_transform_ops[0] MixupOperator: parameter "alpha" must be a number > 0, got 0',
    );
    expect(() =>
      parseBatchTransformOps([
        { OpSampler: { MixupOperator: { prob: 0.7 }, CutmixOperator: { prob: 0.6 } } },
      ]),
    ).toThrow(/OpSampler: the total prob of operators should be ≤ 1/);
    expect(() => parseBatchTransformOps([{ OpSampler: { RandAugment: { prob: 0.5 } } }])).toThrow(
      'batch_transform_ops[0] OpSampler: unknown op "RandAugment"; OpSampler can hold MixupOperator, CutmixOperator',
    );
  });
});

describe('parsePipeline', () => {
  it('reads ResNet50_vd.yaml verbatim: train (with Mixup α 0.2) and eval lists', () => {
    const train = parsePipeline(RESNET50_VD_TRAIN);
    expect(train.transforms.map((o) => o.kind)).toEqual([
      'DecodeImage',
      'RandCropImage',
      'RandFlipImage',
      'NormalizeImage',
    ]);
    expect(train.batch).toEqual([{ kind: 'MixupOperator', alpha: 0.2 }]);
    const evalOps = parsePipeline(RESNET50_VD_EVAL).transforms;
    expect(evalOps[1]).toEqual({
      kind: 'ResizeImage',
      target: { resizeShort: 256 },
      interpolation: 'bilinear',
      backend: 'cv2',
    });
    expect(evalOps[2]).toEqual({ kind: 'CropImage', size: [224, 224] });
    expect(parseTransformOps(TIMM_TRANSFORM_OPS)[5]).toMatchObject({ erasing: { sh: 1 / 3, EPSILON: 0.25 } });
  });

  it('takes an object with both lists, or just the transform list', () => {
    const p = parsePipeline({
      transform_ops: JSON.parse(RESNET50_VD_TRANSFORM_OPS),
      batch_transform_ops: JSON.parse(DEIT_BATCH_OPS),
    });
    expect(p.transforms).toHaveLength(6);
    expect(p.batch).toHaveLength(1);
    expect(parsePipeline(RESNET50_VD_TRANSFORM_OPS).batch).toEqual([]);
    expect(() => parsePipeline({ transform_ops: [], sampler: {} })).toThrow(
      'pipeline: unknown key "sampler"',
    );
  });
});
