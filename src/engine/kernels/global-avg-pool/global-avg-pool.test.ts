// GlobalAveragePool reference: known values, validation, backward vs finite differences.
import { describe, expect, it } from 'vitest';
import { randomF64, vjpMismatch } from '../../nn/ref/gradcheck.ts';
import { tensor64 } from '../../nn/ref/tensor64.ts';
import { globalAvgPoolBackward, globalAvgPoolForward } from './global-avg-pool.ref.ts';

describe('global average pool reference', () => {
  it('averages each plane', () => {
    const y = globalAvgPoolForward(tensor64([1, 2, 2, 2], [1, 2, 3, 4, 10, 20, 30, 40]));
    expect(y.shape).toEqual([1, 2, 1, 1]);
    expect([...y.data]).toEqual([2.5, 25]);
  });

  it('validates', () => {
    expect(() => globalAvgPoolForward(tensor64([2, 3]))).toThrow(
      'GlobalAveragePool: input X must be at least 3-D',
    );
    expect(() => globalAvgPoolBackward([2, 3, 4, 4], tensor64([2, 2, 1, 1]))).toThrow(
      'GlobalAveragePool backward: dY shape [2,2,1,1] ≠ [2,3,1,…]',
    );
  });

  it('backward vs finite differences (1e-6 rel, floor 1)', () => {
    const shape = [2, 3, 3, 4];
    const x = tensor64(shape, randomF64(72));
    const dy = tensor64([2, 3, 1, 1], randomF64(6));
    const dx = globalAvgPoolBackward(shape, dy);
    const f = ([xd]: Float64Array[]) => globalAvgPoolForward({ data: xd, shape }).data;
    expect(vjpMismatch(f, [x.data], dy.data, [dx.data], ['dX'])).toBeNull();
  });
});
