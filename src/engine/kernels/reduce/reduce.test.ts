// Unit tests of the reduction reference and shape plan (hand-checked values, exact error messages).
import { describe, expect, it } from 'vitest';
import { planReduce, reduceRef } from './reduce.ref.ts';

describe('reduce reference', () => {
  const x = [1, 2, 3, 4, 5, 6]; // [2,3]
  it('sums, averages and maxes along either axis', () => {
    expect(reduceRef('sum', x, [2, 3], 0)).toEqual({ data: new Float64Array([5, 7, 9]), shape: [3] });
    expect(reduceRef('sum', x, [2, 3], 1)).toEqual({ data: new Float64Array([6, 15]), shape: [2] });
    expect(reduceRef('mean', x, [2, 3], -1, true)).toEqual({ data: new Float64Array([2, 5]), shape: [2, 1] });
    expect(reduceRef('max', [3, -1, 7, 2], [2, 2], 0).data).toEqual(new Float64Array([7, 2]));
  });

  it('plans [outer, length, inner] for a middle axis', () => {
    expect(planReduce('sum', [2, 3, 4, 5], 2, false)).toEqual({
      axis: 2,
      outer: 6,
      length: 4,
      inner: 5,
      outShape: [2, 3, 5],
    });
  });

  it('rejects bad axes and empty max/mean with the op name', () => {
    expect(() => planReduce('sum', [2, 3], 2, false)).toThrow(
      'ReduceSum: axis 2 is out of range for input shape [2,3] (rank 2)',
    );
    expect(() => planReduce('max', [2, 0], 1, false)).toThrow('ReduceMax: cannot reduce axis 1 of length 0');
    expect(reduceRef('sum', [], [2, 0], 1).data).toEqual(new Float64Array([0, 0]));
  });
});
