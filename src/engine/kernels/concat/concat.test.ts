// Concat reference: known values on inner and outer axes, validation, backward vs finite differences.
import { describe, expect, it } from 'vitest';
import { randomF64, vjpMismatch } from '../../nn/ref/gradcheck.ts';
import { sizeOf, tensor64 } from '../../nn/ref/tensor64.ts';
import { concatBackward, concatForward } from './concat.ref.ts';

describe('concat reference', () => {
  const a = tensor64([2, 2], [1, 2, 3, 4]);
  const b = tensor64([2, 1], [9, 8]);
  it('known values', () => {
    expect([...concatForward([a, b], -1).data]).toEqual([1, 2, 9, 3, 4, 8]);
    expect([...concatForward([a, tensor64([1, 2], [5, 6])], 0).data]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('validates', () => {
    expect(() => concatForward([a, b], 0)).toThrow(
      'Concat: input 1 shape [2,1] differs from input 0 shape [2,2] outside axis 0',
    );
    expect(() => concatForward([a], 2)).toThrow('Concat: axis 2 out of range for rank 2');
    expect(() => concatForward([], 0)).toThrow('Concat: needs at least one input');
  });

  it('backward vs finite differences (1e-6 rel, floor 1)', () => {
    const shapes = [
      [2, 1, 3, 2],
      [2, 3, 3, 2],
      [2, 2, 3, 2],
    ];
    const xs = shapes.map((s) => tensor64(s, randomF64(sizeOf(s))));
    const y = concatForward(xs, 1);
    const dy = tensor64(y.shape, randomF64(y.data.length));
    const grads = concatBackward(shapes, dy, 1);
    const f = (ds: Float64Array[]) =>
      concatForward(
        ds.map((d, i) => ({ data: d, shape: shapes[i] })),
        1,
      ).data;
    expect(
      vjpMismatch(
        f,
        xs.map((x) => x.data),
        dy.data,
        grads.map((g) => g.data),
        ['d0', 'd1', 'd2'],
      ),
    ).toBeNull();
  });
});
