// `webclas eval --split train|val` scores the cut the model trained against: flags win, then the model's
// recorded split, then 0.2 / seed 0.
import { describe, expect, it } from 'vitest';
import { evalSplit } from './eval.ts';

const trained = { split: { source: 'stratified', fraction: 0.25, seed: 7 } };

describe('evalSplit', () => {
  it('cuts nothing for --split all', () => {
    expect(evalSplit({ 'val-split': '0.3' }, 'all', trained)).toEqual({ fraction: 0, seed: 0, note: null });
  });

  it("uses the model's recorded split and says so", () => {
    const c = evalSplit({}, 'val', trained);
    expect(c).toMatchObject({ fraction: 0.25, seed: 7 });
    expect(c.note).toMatch(/model's own val split \(fraction 0.25, split seed 7\)/);
    expect(evalSplit({}, 'train', trained)).toMatchObject({ fraction: 0.25, seed: 7 });
  });

  it('lets flags win, --split-seed over the older --seed', () => {
    expect(evalSplit({ 'split-seed': '3' }, 'val', trained)).toEqual({ fraction: 0.25, seed: 3, note: null });
    expect(evalSplit({ seed: '4' }, 'val', trained)).toEqual({ fraction: 0.25, seed: 4, note: null });
    expect(evalSplit({ 'split-seed': '3', seed: '4' }, 'val', trained).seed).toBe(3);
    expect(evalSplit({ 'val-split': '0.1' }, 'val', trained)).toEqual({ fraction: 0.1, seed: 7, note: null });
  });

  it('falls back to 0.2 / seed 0 without a recorded stratified split', () => {
    expect(evalSplit({}, 'val', undefined)).toEqual({ fraction: 0.2, seed: 0, note: null });
    const own = { split: { source: 'dataset', fraction: 0.2, seed: 5 } };
    expect(evalSplit({}, 'val', own)).toEqual({ fraction: 0.2, seed: 0, note: null });
  });
});
