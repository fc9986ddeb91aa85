// Seeded stratified split: exact per-class shares, determinism, input-order independence, class independence.

import { describe, expect, it } from 'vitest';
import { shareCounts, stratifiedSplit } from './split.ts';
import { seededRandom } from './testing/image-builders.ts';

function dataset(perClass: number[]): Array<{ key: string; label: number }> {
  return perClass.flatMap((n, label) =>
    Array.from({ length: n }, (_, i) => ({ key: `c${label}/img_${i}.jpg`, label })),
  );
}

function count(splits: string[], items: Array<{ label: number }>, label: number, split: string): number {
  return splits.filter((s, i) => s === split && items[i]!.label === label).length;
}

describe('stratifiedSplit', () => {
  it('gives flowers12 48/12 per class', () => {
    const items = dataset(new Array(12).fill(60));
    const splits = stratifiedSplit(items, { val: 0.2 }, 7);
    for (let c = 0; c < 12; c++) {
      expect(count(splits, items, c, 'train')).toBe(48);
      expect(count(splits, items, c, 'val')).toBe(12);
    }
  });

  it('is deterministic for a seed, independent of input order, and changes with the seed', () => {
    const items = dataset([30, 17, 5, 2, 9]);
    const a = stratifiedSplit(items, { val: 0.25, test: 0.1 }, 42);
    expect(stratifiedSplit(items, { val: 0.25, test: 0.1 }, 42)).toEqual(a);
    const rand = seededRandom(Date.now() % 1e6);
    const order = items.map((_, i) => i).sort(() => rand() - 0.5);
    const shuffled = stratifiedSplit(
      order.map((i) => items[i]!),
      { val: 0.25, test: 0.1 },
      42,
    );
    for (const [k, orig] of order.entries()) expect(shuffled[k]).toBe(a[orig]);
    expect(stratifiedSplit(items, { val: 0.25, test: 0.1 }, 43)).not.toEqual(a);
  });

  it("leaves other classes' assignment unchanged when a class is added", () => {
    const base = dataset([20, 20]);
    const more = dataset([20, 20, 13]);
    const a = stratifiedSplit(base, { val: 0.3 }, 1);
    const b = stratifiedSplit(more, { val: 0.3 }, 1);
    expect(b.slice(0, base.length)).toEqual(a);
  });

  it('keeps one training image and gives small classes one val image', () => {
    expect(shareCounts(1, 0.2, 0)).toEqual({ nVal: 0, nTest: 0 });
    expect(shareCounts(2, 0.2, 0)).toEqual({ nVal: 1, nTest: 0 });
    expect(shareCounts(3, 0.2, 0.2)).toEqual({ nVal: 1, nTest: 1 });
    expect(shareCounts(2, 0.9, 0)).toEqual({ nVal: 1, nTest: 0 });
    expect(shareCounts(100, 0.15, 0.05)).toEqual({ nVal: 15, nTest: 5 });
  });

  it('rejects impossible fractions with a clear message', () => {
    expect(() => stratifiedSplit([], { val: 0.7, test: 0.3 }, 1)).toThrow(/sum below 1/);
    expect(() => stratifiedSplit([], { val: -0.1 }, 1)).toThrow(/must be ≥ 0/);
  });
});
