// The PaddleClas YAML read back (yaml.parse) against each preset's recipe: every field, the transform_ops through
// our own PaddleClas parser, and the lr curve PaddleClas would run (its LRBase semantics) against recipeLr.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseTransformOps } from '../augment/config/parse.ts';
import { type Recipe, recipeLr } from '../nn/loop/recipe.ts';
import { PRESETS, preset } from '../nn/recipes/presets.ts';
import { type PaddleClasConfigInput, paddleClasConfig, paddleClasYaml } from './config-yaml.ts';
import { evalResizeShort, trainTransformOps } from './transform-ops.ts';

// biome-ignore lint/suspicious/noExplicitAny: a parsed YAML document is walked field by field.
type Y = any;

const input = (recipe: Recipe, o: Partial<PaddleClasConfigInput> = {}): PaddleClasConfigInput => ({
  recipe,
  arch: 'MobileNetV2',
  classNum: 12,
  pretrained: true,
  trainList: './dataset/flowers12/train_list.txt',
  valList: './dataset/flowers12/val_list.txt',
  labelList: './dataset/flowers12/label_list.txt',
  imageRoot: './dataset/flowers12/',
  ...o,
});

/** The lr PaddleClas runs at iteration `step` (ppcls/optimizer/learning_rate.py + paddle LinearWarmup). */
function paddleLr(y: Y, spe: number): (step: number) => number {
  const lr = y.Optimizer.lr;
  const epochs: number = y.Global.epochs;
  const warm = Math.round((lr.warmup_epoch ?? 0) * spe);
  const base: number = lr.name === 'Piecewise' ? lr.values[0] : lr.learning_rate;
  const inner = (t: number): number => {
    if (lr.name === 'Cosine')
      return (base * (1 + Math.cos((Math.PI * t) / ((epochs - (lr.warmup_epoch ?? 0)) * spe)))) / 2;
    if (lr.name === 'Constant') return base;
    if (lr.name === 'Piecewise') return lr.values[lr.decay_epochs.filter((e: number) => t >= e * spe).length];
    throw new Error(`no lr ${lr.name}`);
  };
  return (step) => (step < warm ? (base * step) / warm : inner(step - warm));
}

function checkAgainstRecipe(y: Y, r: Recipe, i: PaddleClasConfigInput) {
  expect(y.Global.epochs).toBe(r.epochs);
  expect(y.Global.seed).toBe(r.seed);
  expect(y.Global.device).toBe('gpu');
  expect(y.Global.image_shape).toEqual([3, r.size, r.size]);
  expect(y.Global.eval_interval).toBe(1);
  expect(y.Global.save_interval).toBe(1);
  expect(y.Global.output_dir).toBe('./output/');
  expect(y.Global.pretrained_model).toBeNull();
  expect(y.Arch.name).toBe(i.arch);
  expect(y.Arch.class_num).toBe(i.classNum);
  expect(y.Arch.pretrained).toBe(i.pretrained && !r.fromScratch);
  expect(y.Loss.Train[0].CELoss.epsilon ?? 0).toBe(r.labelSmoothing);
  expect(y.Loss.Eval[0].CELoss.weight).toBe(1);
  const o = r.optimizer;
  if (o.kind === 'sgd') {
    expect(y.Optimizer.name).toBe('Momentum');
    expect(y.Optimizer.momentum).toBe(o.momentum ?? 0);
    expect(y.Optimizer.regularizer).toEqual({ name: 'L2', coeff: o.weightDecay ?? 0 });
  } else {
    expect(y.Optimizer.name).toBe('AdamW');
    expect(y.Optimizer.weight_decay).toBe(o.weightDecay ?? 0);
    expect([y.Optimizer.beta1, y.Optimizer.beta2, y.Optimizer.epsilon]).toEqual([
      o.beta1 ?? 0.9,
      o.beta2 ?? 0.999,
      o.epsilon ?? 1e-8,
    ]);
  }
  const lrName = { cosine: 'Cosine', step: 'Piecewise', const: 'Constant' }[r.schedule];
  expect(y.Optimizer.lr.name).toBe(lrName);
  expect(y.Optimizer.lr.warmup_epoch ?? 0).toBe(r.warmupEpochs);
  if (r.schedule !== 'step') expect(y.Optimizer.lr.learning_rate).toBe(r.lr);
  expect(y.EMA?.decay).toBe(r.ema || undefined);
  for (const [part, list, shuffle] of [
    ['Train', i.trainList, true],
    ['Eval', i.valList, false],
  ] as const) {
    const d = y.DataLoader[part];
    expect(d.dataset).toMatchObject({
      name: 'ImageNetDataset',
      image_root: i.imageRoot,
      cls_label_path: list,
    });
    expect(d.sampler).toEqual({
      name: 'DistributedBatchSampler',
      batch_size: r.batch,
      drop_last: false,
      shuffle,
    });
    expect(d.loader).toEqual({ num_workers: 4, use_shared_memory: true });
  }
  // transform_ops round-trip through our own PaddleClas parser, and say what the recipe says.
  const train = parseTransformOps(y.DataLoader.Train.dataset.transform_ops);
  expect(y.DataLoader.Train.dataset.transform_ops).toEqual(trainTransformOps(r));
  if (r.transformOps && r.mode !== 'head')
    expect(y.DataLoader.Train.dataset.transform_ops).toEqual(r.transformOps);
  const crop = train.find((op) => op.kind === 'RandCropImage' || op.kind === 'CropImage');
  expect(crop && 'size' in crop ? crop.size : null).toEqual([r.size, r.size]);
  const evalOps = parseTransformOps(y.DataLoader.Eval.dataset.transform_ops);
  expect(evalOps.map((op) => op.kind)).toEqual(['DecodeImage', 'ResizeImage', 'CropImage', 'NormalizeImage']);
  expect(evalOps[1]).toMatchObject({ target: { resizeShort: evalResizeShort(r.size) } });
  expect(evalOps[2]).toMatchObject({ size: [r.size, r.size] });
  expect(
    parseTransformOps(y.Infer.transforms)
      .map((op) => op.kind)
      .at(-1),
  ).toBe('ToCHWImage');
  expect(y.Infer.PostProcess).toEqual({ name: 'Topk', topk: 5, class_id_map_file: i.labelList });
  expect(y.Metric.Train).toEqual([{ TopkAcc: { topk: [1, 5] } }]);
  expect(y.Metric.Eval).toEqual([{ TopkAcc: { topk: [1, 5] } }]);
  // The lr curve PaddleClas would run, iteration by iteration, is the studio's.
  for (const spe of [1, 7, 30]) {
    const ours = recipeLr(r, spe);
    const theirs = paddleLr(y, spe);
    const total = r.epochs * spe;
    for (let s = 0; s < total; s++) expect(theirs(s)).toBeCloseTo(ours(s, total), 12);
  }
}

describe('paddleClasYaml', () => {
  for (const p of PRESETS) {
    it(`reads back as the '${p.id}' recipe`, () => {
      const i = input(p.recipe);
      const text = paddleClasYaml(i);
      const y = parse(text);
      expect(y).toEqual(paddleClasConfig(i));
      checkAgainstRecipe(y, p.recipe, i);
    });
  }

  it('maps AdamW, the step schedule, constant lr, EMA and last-k', () => {
    const base = preset('finetune').recipe;
    const variants: Recipe[] = [
      { ...base, optimizer: { kind: 'adamw', weightDecay: 0.05, beta2: 0.99 }, ema: 0.9999 },
      { ...base, schedule: 'step', epochs: 7, warmupEpochs: 1 },
      { ...base, schedule: 'step', epochs: 9, warmupEpochs: 0 },
      { ...base, schedule: 'const', warmupEpochs: 2, labelSmoothing: 0 },
      { ...base, mode: 'last-k', k: 3, augment: ['flip'], transformOps: undefined },
    ];
    for (const r of variants) {
      const i = input(r, { arch: 'ResNet50' });
      const y = parse(paddleClasYaml(i));
      checkAgainstRecipe(y, r, i);
    }
    const step = parse(paddleClasYaml(input(variants[1]!))).Optimizer.lr;
    expect(step).toEqual({
      name: 'Piecewise',
      decay_epochs: [2, 4],
      values: [0.01, 0.001, 0.0001],
      warmup_epoch: 1,
    });
    const lastK = parse(paddleClasYaml(input(variants[4]!, { arch: 'ResNet50' })));
    expect(lastK.Arch.lr_mult_list).toEqual([0, 0, 0, 0, 0.1]);
    // Without RandCrop the studio resizes and centre-crops, then flips.
    expect(lastK.DataLoader.Train.dataset.transform_ops.map((op: object) => Object.keys(op)[0])).toEqual([
      'DecodeImage',
      'ResizeImage',
      'CropImage',
      'RandFlipImage',
      'NormalizeImage',
    ]);
  });

  it('puts the backbone lr multiplier in lr_mult_list where the arch takes one, and says so where not', () => {
    const ft = preset('finetune').recipe;
    expect(parse(paddleClasYaml(input(ft, { arch: 'ResNet50' }))).Arch.lr_mult_list).toEqual(
      Array(5).fill(0.1),
    );
    expect(parse(paddleClasYaml(input(ft, { arch: 'MobileNetV3_large_x1_0' }))).Arch.lr_mult_list).toEqual(
      Array(6).fill(0.1),
    );
    const head = parse(paddleClasYaml(input(preset('quick-head').recipe, { arch: 'ResNet18' })));
    expect(head.Arch.lr_mult_list).toEqual([0, 0, 0, 0, 0]);
    const mnv2 = paddleClasYaml(input(ft));
    expect(parse(mnv2).Arch.lr_mult_list).toBeUndefined();
    expect(mnv2).toMatch(
      /# .*backbone lr multiplier of 0\.1; PaddleClas's MobileNetV2 takes no lr_mult_list/,
    );
    const guess = paddleClasYaml(input(ft, { arch: 'fastvit', archInexact: true }));
    expect(guess).toMatch(/# no exact PaddleClas counterpart.*\n.*\n?\s*name: fastvit/);
    expect(paddleClasYaml(input(preset('scratch').recipe))).toMatch(/pretrained: false/);
    expect(mnv2).not.toMatch(/[&*]a\d/);
  });

  it('names bad input', () => {
    const r = preset('finetune').recipe;
    expect(() => paddleClasConfig(input(r, { classNum: 1 }))).toThrow(
      /class_num must be an integer ≥ 2, got 1/,
    );
    expect(() => paddleClasConfig(input(r, { arch: 'Mobile Net' }))).toThrow(/Arch name 'Mobile Net'/);
    expect(() => paddleClasConfig(input(r, { valList: '' }))).toThrow(/valList must be a one-line path/);
    expect(() => paddleClasConfig(input({ ...r, epochs: 0 }))).toThrow(/--epochs must be a positive integer/);
  });
});
