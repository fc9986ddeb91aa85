// `webclas train` / `eval` argument handling: the recipe from flags (defaults, the full fine-tune recipe, errors
// naming the flag) and eval's mapping of dataset labels to the model's class order.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapLabels } from './eval.ts';
import { recipeFromArgs } from './train.ts';

function jsonFile(value: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'webclas-train-')), 'ops.json');
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

describe('train flags', () => {
  it('build the REFERENCE.md full fine-tune recipe', () => {
    const r = recipeFromArgs({
      mode: 'full',
      epochs: '4',
      batch: '32',
      lr: '0.01',
      size: '128',
      'backbone-lr-mult': '0.1',
      'label-smoothing': '0.1',
      schedule: 'cosine',
      wd: '1e-5',
      augment: 'rrc,flip',
    });
    expect(r).toMatchObject({
      mode: 'full',
      epochs: 4,
      size: 128,
      backboneLrMult: 0.1,
      labelSmoothing: 0.1,
      optimizer: { kind: 'sgd', momentum: 0.9, weightDecay: 1e-5 },
      augment: ['rrc', 'flip'],
    });
  });

  it('default to a head-mode SGD recipe and reject bad values by flag', () => {
    expect(recipeFromArgs({})).toMatchObject({ mode: 'head', optimizer: { kind: 'sgd' }, augment: [] });
    expect(recipeFromArgs({ optimizer: 'adamw' }).optimizer).toEqual({ kind: 'adamw', weightDecay: 0.01 });
    expect(() => recipeFromArgs({ mode: 'tail' })).toThrow(/--mode must be one of head\|last-k\|full/);
    expect(() => recipeFromArgs({ lr: 'fast' })).toThrow(/--lr must be a number/);
    expect(() => recipeFromArgs({ augment: 'rrc,mixup' })).toThrow(/'mixup' is unknown/);
    expect(() => recipeFromArgs({ epochs: '0' })).toThrow(/--epochs/);
  });
});

describe('full / last-k flags', () => {
  it('read --k, --from-scratch, --ema and a --transform-ops file (list or config section)', () => {
    const ops = [
      { RandCropImage: { size: 64 } },
      { RandFlipImage: { flip_code: 1 } },
      { NormalizeImage: {} },
    ];
    const r = recipeFromArgs({
      mode: 'last-k',
      k: '3',
      size: '64',
      'transform-ops': jsonFile(ops),
      'from-scratch': 'true',
      ema: '0.999',
    });
    expect(r).toMatchObject({ mode: 'last-k', k: 3, fromScratch: true, ema: 0.999, transformOps: ops });
    const section = recipeFromArgs({
      mode: 'full',
      size: '64',
      'transform-ops': jsonFile({ transform_ops: ops }),
    });
    expect(section.transformOps).toEqual(ops);
    expect(recipeFromArgs({ mode: 'full', 'from-scratch': true }).fromScratch).toBe(true);
    const plain = recipeFromArgs({ mode: 'full' });
    expect(plain.fromScratch).toBeUndefined();
    expect(plain.ema).toBeUndefined();
  });

  it('reject what full/last-k cannot train, naming the flag', () => {
    expect(() => recipeFromArgs({ mode: 'last-k' })).toThrow(/--mode last-k needs --k/);
    expect(() => recipeFromArgs({ mode: 'last-k', k: '0' })).toThrow(/--k must be a positive integer/);
    expect(() => recipeFromArgs({ mode: 'full', ema: '1' })).toThrow(/--ema must be in \[0, 1\)/);
    expect(() => recipeFromArgs({ mode: 'full', 'from-scratch': 'maybe' })).toThrow(
      /--from-scratch is true or false/,
    );
    const mix = {
      transform_ops: [{ NormalizeImage: {} }],
      batch_transform_ops: [{ MixupOperator: { alpha: 0.2 } }],
    };
    expect(() => recipeFromArgs({ mode: 'full', 'transform-ops': jsonFile(mix) })).toThrow(
      /batch_transform_ops \(MixupOperator\) need soft targets/,
    );
    expect(() => recipeFromArgs({ mode: 'full', 'transform-ops': jsonFile([{ Blur: {} }]) })).toThrow(
      /--transform-ops .*unknown op "Blur"/,
    );
    expect(() => recipeFromArgs({ mode: 'full', 'transform-ops': jsonFile('{oops') })).toThrow(
      /--transform-ops .*JSON/,
    );
    expect(() => recipeFromArgs({ mode: 'full', 'transform-ops': jsonFile({ a: 1 }) })).toThrow(
      /expected a JSON list/,
    );
  });
});

describe('eval label mapping', () => {
  const images = [
    { name: 'a.jpg', base64: '', label: 0 },
    { name: 'b.jpg', base64: '', label: 1 },
  ];
  it('maps dataset labels to the model class order by name', () => {
    const m = mapLabels(['daisy', 'iris'], ['iris', 'pansy', 'daisy'], images);
    expect(m.classes).toEqual(['iris', 'pansy', 'daisy']);
    expect(m.images.map((e) => e.label)).toEqual([2, 0]);
    expect(mapLabels(['x', 'y'], undefined, images).images).toBe(images);
    expect(() => mapLabels(['daisy', 'rose'], ['daisy'], images)).toThrow(/no class named rose/);
  });
});
