// The setup form ↔ Recipe conversion: every preset survives the round trip, each bad field is named in its message,
// transform_ops errors name the op, and the run config carries splits, base and preset as chosen.
import { describe, expect, it } from 'vitest';
import { PRESETS, withSize } from '../../engine/nn/recipes/presets.ts';
import {
  applyPreset,
  type ConfigContext,
  checkpointKey,
  defaultSplits,
  formConfig,
  formFromConfig,
  formRecipe,
  initialForm,
  parseCheckpointKey,
  presetOf,
  setInputSize,
  type TrainForm,
} from './train-form.ts';

const ctx: ConfigContext = {
  base: { kind: 'zoo', id: 'mobilenetv2-12', variant: 'fp32' },
  mirror: 'http://127.0.0.1/mirror/',
  splits: { train: 120, val: 24 },
  datasetName: 'flowers12',
  baseName: 'MobileNetV2',
  now: new Date(2026, 11, 7, 20, 45, 30),
};

const ready = (f: TrainForm): TrainForm => ({ ...f, datasetId: 'd1', trainSplit: 'train', valSplit: 'val' });

describe('train form', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))('round-trips preset %s exactly', (id, p) => {
    const { recipe, errors } = formRecipe(applyPreset(initialForm(), id));
    expect(errors).toEqual({});
    expect(recipe).toEqual(p.recipe);
    expect(presetOf(recipe!)).toBe(id);
  });

  it('keeps random edits of every numeric field', () => {
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let t = 0; t < 20; t++) {
      const epochs = 2 + Math.floor(rnd() * 40);
      const f: TrainForm = {
        ...applyPreset(initialForm(), 'finetune'),
        mode: 'last-k',
        k: String(1 + Math.floor(rnd() * 9)),
        epochs: String(epochs),
        batch: String(1 + Math.floor(rnd() * 128)),
        lr: String(rnd() * 0.5 + 1e-5),
        warmupEpochs: String(Math.floor(rnd() * (epochs - 1))),
        optimizer: 'nesterov',
        momentum: String(rnd() * 0.99),
        weightDecay: String(rnd() * 1e-3),
        labelSmoothing: String(rnd() * 0.5),
        backboneLrMult: String(rnd()),
        ema: String(0.9 + rnd() * 0.099),
        seed: String(Math.floor(rnd() * 1e6)),
      };
      const { recipe, errors } = formRecipe(setInputSize(f, '160'));
      expect(errors).toEqual({});
      expect(recipe).toMatchObject({
        mode: 'last-k',
        k: Number(f.k),
        epochs,
        batch: Number(f.batch),
        lr: Number(f.lr),
        size: 160,
        warmupEpochs: Number(f.warmupEpochs),
        optimizer: {
          kind: 'sgd',
          nesterov: true,
          momentum: Number(f.momentum),
          weightDecay: Number(f.weightDecay),
        },
        labelSmoothing: Number(f.labelSmoothing),
        backboneLrMult: Number(f.backboneLrMult),
        ema: Number(f.ema),
        seed: Number(f.seed),
      });
      // The crop follows the input size, so the recipe is still the preset's (at 160) only without the edits.
      expect((recipe!.transformOps as Record<string, { size?: number }>[])[1].RandCropImage.size).toBe(160);
      expect(presetOf(recipe!)).toBe('custom');
    }
  });

  it('a resized preset is still that preset; AdamW drops momentum', () => {
    const f = setInputSize(applyPreset(initialForm(), 'finetune-randaug'), '96');
    const r = formRecipe(f).recipe!;
    expect(r).toEqual(withSize(PRESETS[2].recipe, 96));
    expect(presetOf(r)).toBe('finetune-randaug');
    const a = formRecipe({ ...f, optimizer: 'adamw', weightDecay: '0.05' }).recipe!;
    expect(a.optimizer).toEqual({ kind: 'adamw', weightDecay: 0.05 });
  });

  it('names each bad field with its label and the value typed', () => {
    const f: TrainForm = {
      ...initialForm(),
      epochs: '2.5',
      batch: '',
      lr: '0',
      size: 'abc',
      labelSmoothing: '1',
      momentum: '-0.1',
      ema: '1.5',
    };
    const { recipe, errors } = formRecipe(f);
    expect(recipe).toBeNull();
    expect(errors.epochs).toBe('Epochs must be a whole number ≥ 1, got "2.5"');
    expect(errors.batch).toBe('Batch must be a whole number ≥ 1 and ≤ 4096, got ""');
    expect(errors.lr).toBe('Learning rate must be a number > 0, got "0"');
    expect(errors.size).toMatch(/^Input size must be a whole number/);
    expect(errors.labelSmoothing).toBe('Label smoothing must be a number ≥ 0 and < 1, got "1"');
    expect(errors.momentum).toMatch(/^Momentum must be/);
    expect(errors.ema).toMatch(/^EMA decay must be/);
    expect(formRecipe({ ...initialForm(), epochs: '3', warmupEpochs: '3' }).errors.warmupEpochs).toBe(
      'Warm-up epochs must be below Epochs (3), got 3',
    );
  });

  it('reports transform_ops problems naming the op', () => {
    const f = applyPreset(initialForm(), 'finetune');
    const badParam = f.transformOps.replace('"flip_code": 1', '"flip_code": 7');
    expect(formRecipe({ ...f, transformOps: badParam }).errors.transformOps).toMatch(
      /^transform_ops\[2\] RandFlipImage: .*flip_code/,
    );
    const unknown = JSON.stringify([{ DecodeImage: {} }, { SpinImage: { turns: 2 } }]);
    expect(formRecipe({ ...f, transformOps: unknown }).errors.transformOps).toMatch(
      /^transform_ops\[1\]: unknown op "SpinImage"/,
    );
    expect(formRecipe({ ...f, transformOps: '[{"DecodeImage": {}' }).errors.transformOps).toMatch(
      /^transform_ops: not valid JSON/,
    );
    const wrongCrop = JSON.stringify([{ RandCropImage: { size: 200 } }]);
    expect(formRecipe({ ...f, transformOps: wrongCrop }).errors.transformOps).toBe(
      'transform_ops[0] RandCropImage: size 200 differs from Input size 224',
    );
    expect(formRecipe({ ...f, transformOps: '  ' }).recipe?.transformOps).toBeUndefined();
  });

  it('builds the run config: splits, hold-out, base, preset and default name', () => {
    const f = ready(applyPreset(initialForm(), 'quick-head'));
    const { config, errors } = formConfig({ ...f, checkpointEvery: '2', featureBackend: 'gpu' }, ctx);
    expect(errors).toEqual({});
    expect(config).toMatchObject({
      name: `MobileNetV2 · head · ${f.size}px · flowers12 · 2026-12-07 20:45`,
      datasetId: 'd1',
      trainSplit: 'train',
      valSplit: 'val',
      valFraction: 0,
      base: ctx.base,
      mirror: ctx.mirror,
      preset: 'quick-head',
      featureBackend: 'gpu',
      checkpointEvery: 2,
    });
    const held = formConfig({ ...f, valSplit: '', valPercent: '15', name: ' mine ' }, ctx).config!;
    expect(held.valSplit).toBeNull();
    expect(held.valFraction).toBeCloseTo(0.15, 12);
    expect(held.name).toBe('mine');
    expect(formConfig({ ...f, epochs: '7' }, ctx).config?.preset).toBe('custom');
    expect(formConfig(f, ctx).config?.pauseAfterEpoch).toBeNull();
    expect(formConfig({ ...f, pauseAfter: ' 1 ' }, ctx).config?.pauseAfterEpoch).toBe(1);
  });

  it('refuses a pause epoch that is not a whole number below Epochs', () => {
    const f = ready(applyPreset(initialForm(), 'quick-head'));
    const epochs = Number(f.epochs);
    expect(formConfig({ ...f, pauseAfter: String(epochs) }, ctx).errors.pauseAfter).toBe(
      `Pause after epoch must be below Epochs (${epochs}), got ${epochs}`,
    );
    expect(formConfig({ ...f, pauseAfter: '0' }, ctx).errors.pauseAfter).toMatch(
      /^Pause after epoch must be a whole number ≥ 1, got "0"/,
    );
    expect(formConfig({ ...f, pauseAfter: '1.5' }, ctx).config).toBeNull();
  });

  it('refuses a config naming what is missing or wrong', () => {
    const f = applyPreset(initialForm(), 'quick-head');
    expect(formConfig(f, ctx).errors.datasetId).toMatch(/^Dataset: choose/);
    expect(formConfig({ ...ready(f), trainSplit: 'all' }, ctx).errors.trainSplit).toBe(
      'Train split: the dataset has no split "all" (has train, val)',
    );
    expect(formConfig({ ...ready(f), valSplit: 'train' }, ctx).errors.valSplit).toMatch(/must differ/);
    expect(formConfig({ ...ready(f), valSplit: '', valPercent: '95' }, ctx).errors.valPercent).toMatch(
      /^Hold out % must be a number > 0 and ≤ 90/,
    );
    expect(formConfig(ready(f), { ...ctx, base: null }).errors.baseKey).toMatch(/^Base model: choose/);
    expect(formConfig({ ...ready(f), checkpointEvery: '0' }, ctx).errors.checkpointEvery).toMatch(
      /^Checkpoint every must be a whole number ≥ 1/,
    );
    expect(formConfig(ready(f), { ...ctx, splits: { train: 0, val: 3 } }).errors.trainSplit).toBe(
      'Train split "train" holds no images',
    );
  });

  it('checkpoint keys round-trip, including run ids with colons', () => {
    expect(parseCheckpointKey(checkpointKey('run:a:b', 4))).toEqual({ runId: 'run:a:b', epoch: 4 });
    expect(parseCheckpointKey('mobilenetv2-12/fp32')).toBeNull();
    expect(parseCheckpointKey('ckpt:x:')).toBeNull();
  });

  it('gives runs distinct default names: model, mode, size, dataset, minute, then a counter', () => {
    const f = ready(applyPreset(initialForm(), 'quick-head'));
    const first = formConfig({ ...f, size: '160' }, ctx).config!.name;
    expect(first).toBe('MobileNetV2 · head · 160px · flowers12 · 2026-12-07 20:45');
    const second = formConfig({ ...f, size: '160' }, { ...ctx, takenNames: [first] }).config!.name;
    expect(second).toBe(`${first} #2`);
    const third = formConfig({ ...f, size: '160' }, { ...ctx, takenNames: [first, second] }).config!.name;
    expect(third).toBe(`${first} #3`);
    // Another size or mode is another name without a counter.
    expect(formConfig({ ...f, size: '96' }, { ...ctx, takenNames: [first] }).config!.name).toBe(
      'MobileNetV2 · head · 96px · flowers12 · 2026-12-07 20:45',
    );
  });

  it('shows a run config as the form that makes it again', () => {
    const f = ready(applyPreset(initialForm(), 'finetune'));
    const edited = { ...f, epochs: '7', name: 'mine', pauseAfter: '3', checkpointEvery: '2', mirror: 'x' };
    for (const form of [edited, { ...f, valSplit: '', valPercent: '15', name: 'held' }]) {
      const config = formConfig(form, ctx).config!;
      const back = formFromConfig(config);
      expect(formConfig(back, ctx).config).toEqual(config);
      expect(back.epochs).toBe(form.epochs);
    }
    const ckpt = formConfig(f, { ...ctx, base: { kind: 'checkpoint', runId: 'r1', epoch: 4 } }).config!;
    expect(formFromConfig(ckpt).baseKey).toBe(checkpointKey('r1', 4));
    const zoo = formFromConfig(formConfig(f, ctx).config!);
    expect(zoo.baseKey).toBe('mobilenetv2-12/fp32');
    // A custom recipe keeps its values under the preset of its mode.
    expect(formFromConfig(formConfig(edited, ctx).config!).preset).toBe('finetune');
  });

  it('picks train and val splits by name, else the largest split to train on', () => {
    expect(defaultSplits({ train: 10, val: 3, test: 2 })).toEqual({ trainSplit: 'train', valSplit: 'val' });
    expect(defaultSplits({ a: 3, b: 9 })).toEqual({ trainSplit: 'b', valSplit: '' });
    expect(defaultSplits({})).toEqual({ trainSplit: '', valSplit: '' });
  });
});
