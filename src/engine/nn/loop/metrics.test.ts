// Metrics from logits against a direct count on random logits: top-1/top-5 by sorting, the confusion matrix by
// argmax, per-class accuracy from its diagonal.
import { describe, expect, it } from 'vitest';
import { classificationMetrics, rankOf } from './metrics.ts';
import { mulberry32 } from './shuffle.ts';

describe('classification metrics', () => {
  it('match a sort-based count on random logits', () => {
    const rand = mulberry32(7);
    const n = 300;
    const k = 9;
    const logits = Float32Array.from({ length: n * k }, () => rand() * 4 - 2);
    const labels = Uint32Array.from({ length: n }, () => Math.floor(rand() * k));
    const m = classificationMetrics(logits, labels, k);
    let top1 = 0;
    let top5 = 0;
    const conf = Array.from({ length: k }, () => new Array(k).fill(0));
    for (let i = 0; i < n; i++) {
      const row = [...logits.subarray(i * k, (i + 1) * k)];
      const order = row
        .map((v, j) => [v, j])
        .sort((a, b) => b[0] - a[0])
        .map((x) => x[1]);
      if (order[0] === labels[i]) top1++;
      if (order.slice(0, 5).includes(labels[i])) top5++;
      conf[labels[i]][order[0]]++;
    }
    expect(m.top1).toBeCloseTo(top1 / n, 12);
    expect(m.top5).toBeCloseTo(top5 / n, 12);
    expect(m.confusion).toEqual(conf);
    expect(m.per_class[2]).toBeCloseTo(conf[2][2] / conf[2].reduce((a: number, b: number) => a + b, 0), 12);
    expect(m.top1).toBeGreaterThan(0.02);
    expect(m.top1).toBeLessThan(0.3);
  });

  it('counts ties and NaN against the true class; rejects bad labels', () => {
    expect(rankOf([1, 1, 0], 0)).toBe(1);
    expect(rankOf([Number.NaN, 0], 0)).toBe(2);
    expect(classificationMetrics(new Float32Array([0, 1]), [1], 2).per_class).toEqual([null, 1]);
    expect(() => classificationMetrics(new Float32Array(4), [2, 0], 2)).toThrow(/label 2 at row 0/);
    expect(() => classificationMetrics(new Float32Array(3), [0, 0], 2)).toThrow(/3 logits for 2 labels/);
  });
});
