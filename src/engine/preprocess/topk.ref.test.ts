// Softmax and top-k reference on random scores, checked against brute force and invariants.
import { describe, expect, it } from 'vitest';
import { softmaxRef, topKRef } from './topk.ref.ts';

describe('softmaxRef', () => {
  it('gives rows that sum to 1, unchanged by a shift, without overflow for large logits', () => {
    const C = 1000;
    const x = Float32Array.from({ length: 3 * C }, () => Math.random() * 20 - 10);
    const p = softmaxRef(x, C);
    const shifted = softmaxRef(
      x.map((v) => v + 500),
      C,
    );
    for (let r = 0; r < 3; r++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += p[r * C + c];
      expect(s).toBeCloseTo(1, 5);
    }
    for (let i = 0; i < p.length; i++) expect(Math.abs(p[i] - shifted[i])).toBeLessThan(1e-6);
    expect(Array.from(softmaxRef([1000, 0], 2))).toEqual([1, 0]);
    expect(softmaxRef([0, Math.log(3)], 2)[1]).toBeCloseTo(0.75, 6);
    expect(() => softmaxRef([1, 2, 3], 2)).toThrow(
      'softmaxRef: 3 scores is not a whole number of rows of 2 classes',
    );
  });
});

describe('topKRef', () => {
  it('returns the k largest per row, largest first, ties to the lower index', () => {
    const C = 50;
    const x = Float32Array.from({ length: 2 * C }, () => Math.random());
    const top = topKRef(x, C, 5);
    for (let r = 0; r < 2; r++) {
      const row = Array.from(x.slice(r * C, (r + 1) * C));
      const sorted = [...row].sort((a, b) => b - a);
      expect(top[r].map((e) => e.score)).toEqual(sorted.slice(0, 5));
      for (const e of top[r]) expect(row[e.index]).toBe(e.score);
    }
    expect(topKRef([1, 3, 3, 2], 4, 3).map((r) => r.map((e) => e.index))).toEqual([[1, 2, 3]]);
    expect(() => topKRef([1, 2], 2, 3)).toThrow('topKRef: k must be in 1..2, got 3');
    expect(() => topKRef([1, Number.NaN], 2, 1)).toThrow('topKRef: NaN at row 0, class 1');
  });
});
