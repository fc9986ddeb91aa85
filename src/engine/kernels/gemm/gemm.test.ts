// Gemm reference: known values, validation, and backward vs finite differences for every transpose/C layout.
import { describe, expect, it } from 'vitest';
import { randomF64, vjpMismatch } from '../../nn/ref/gradcheck.ts';
import { sizeOf, tensor64 } from '../../nn/ref/tensor64.ts';
import { type GemmAttrs, gemmBackward, gemmForward } from './gemm.ref.ts';

describe('gemm reference', () => {
  it('matches a hand-computed product with alpha, beta and a row bias', () => {
    const a = tensor64([2, 2], [1, 2, 3, 4]);
    const b = tensor64([2, 2], [5, 6, 7, 8]);
    const y = gemmForward(a, b, tensor64([2], [1, -1]), { alpha: 2, beta: 3 });
    // A·B = [[19,22],[43,50]]
    expect([...y.data]).toEqual([41, 41, 89, 97]);
    const yt = gemmForward(a, b, null, { transA: true, transB: true });
    // Aᵀ·Bᵀ = [[1,3],[2,4]]·[[5,7],[6,8]]
    expect([...yt.data]).toEqual([23, 31, 34, 46]);
  });

  it('rejects bad shapes', () => {
    expect(() => gemmForward(tensor64([2, 3]), tensor64([4, 5]), null)).toThrow(
      'Gemm: inner dimensions differ: A is 2×3, B is 4×5',
    );
    expect(() => gemmForward(tensor64([2, 3]), tensor64([3, 5]), tensor64([3]))).toThrow(
      'Gemm: shapes [2,5] and [3] are not broadcastable',
    );
    expect(() => gemmForward(tensor64([2, 3]), tensor64([3, 5]), tensor64([2, 5, 1]))).toThrow(
      'Gemm: C must have rank ≤ 2',
    );
  });

  const layouts: [string, GemmAttrs, number[] | null][] = [
    ['plain, C [N]', { alpha: 1.5, beta: 0.5 }, [5]],
    ['transA, C [M,1]', { transA: true, beta: 2 }, [3, 1]],
    ['transB (Linear layout), C [M,N]', { transB: true }, [3, 5]],
    ['transA+transB, scalar C', { transA: true, transB: true, alpha: -0.7 }, []],
    ['no C', {}, null],
  ];
  for (const [name, attrs, cShape] of layouts) {
    it(`${name}: backward vs finite differences (1e-6 rel, floor 1)`, () => {
      const m = 3;
      const k = 4;
      const n = 5;
      const as = attrs.transA ? [k, m] : [m, k];
      const bs = attrs.transB ? [n, k] : [k, n];
      const a = tensor64(as, randomF64(m * k));
      const b = tensor64(bs, randomF64(k * n));
      const c = cShape ? tensor64(cShape, randomF64(sizeOf(cShape))) : null;
      const dy = tensor64([m, n], randomF64(m * n));
      const g = gemmBackward(a, b, c, dy, attrs);
      const f = ([ad, bd, cd]: Float64Array[]) =>
        gemmForward(
          { data: ad, shape: as },
          { data: bd, shape: bs },
          c ? { data: cd, shape: c.shape } : null,
          attrs,
        ).data;
      const inputs = [a.data, b.data, c ? c.data : new Float64Array(0)];
      expect(
        vjpMismatch(f, inputs, dy.data, [g.da.data, g.db.data, g.dc?.data ?? null], ['dA', 'dB', 'dC']),
      ).toBeNull();
      expect(g.dc === null).toBe(c === null);
    });
  }
});
