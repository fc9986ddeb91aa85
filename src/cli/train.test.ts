// `webclas train` / `eval` argument handling: the recipe from flags (defaults, the full fine-tune recipe, errors
// naming the flag) and eval's mapping of dataset labels to the model's class order.
import { describe, expect, it } from 'vitest';
import { mapLabels } from './eval.ts';
import { recipeFromArgs } from './train.ts';

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
