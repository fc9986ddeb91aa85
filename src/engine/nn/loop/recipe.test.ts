// The recipe's lr schedule (warm-up, cosine, step, constant) and its range checks.
import { describe, expect, it } from 'vitest';
import { checkRecipe, DEFAULT_RECIPE, featureBatch, type Recipe, recipeLr } from './recipe.ts';

const r = (o: Partial<Recipe>): Recipe => ({ ...DEFAULT_RECIPE, ...o });

describe('recipe lr', () => {
  it('cosine from lr to 0 with linear warm-up', () => {
    const lr = recipeLr(r({ lr: 0.1, epochs: 4, warmupEpochs: 1 }), 10);
    expect(lr(0, 40)).toBe(0);
    expect(lr(5, 40)).toBeCloseTo(0.05, 12);
    expect(lr(10, 40)).toBeCloseTo(0.1, 12);
    expect(lr(25, 40)).toBeCloseTo(0.05, 12);
    expect(lr(39, 40)).toBeLessThan(0.001);
  });

  it('step decays ×0.1 at thirds; const stays', () => {
    const step = recipeLr(r({ lr: 1, epochs: 3, schedule: 'step' }), 10);
    expect([step(0, 30), step(10, 30), step(29, 30)].map((v) => Number(v.toPrecision(6)))).toEqual([
      1, 0.1, 0.01,
    ]);
    expect(recipeLr(r({ lr: 0.3, schedule: 'const' }), 5)(7, 10)).toBe(0.3);
  });

  it('checks ranges naming the flag', () => {
    expect(() => checkRecipe(r({ epochs: 0 }))).toThrow(/--epochs/);
    expect(() => checkRecipe(r({ lr: -1 }))).toThrow(/--lr/);
    expect(() => checkRecipe(r({ labelSmoothing: 1 }))).toThrow(/--label-smoothing/);
    expect(() => checkRecipe(r({ warmupEpochs: 2, epochs: 2 }))).toThrow(/--warmup-epochs/);
    expect(() => checkRecipe(DEFAULT_RECIPE)).not.toThrow();
  });
});

describe('featureBatch', () => {
  it('caps the feature-extraction batch at 32 and keeps smaller ones', () => {
    expect(featureBatch({ batch: 576 })).toBe(32);
    expect(featureBatch({ batch: 8 })).toBe(8);
  });
});
