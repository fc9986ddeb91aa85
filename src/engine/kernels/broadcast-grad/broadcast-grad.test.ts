// Broadcast binary ops: known values, shape errors, reduction to shape, and backward vs finite differences.
import { describe, expect, it } from 'vitest';
import { randomF64, vjpMismatch } from '../../nn/ref/gradcheck.ts';
import { sizeOf, tensor64 } from '../../nn/ref/tensor64.ts';
import {
  type BinaryOp,
  binaryBackward,
  binaryForward,
  broadcastShape,
  reduceToShape,
} from './broadcast-grad.ref.ts';

describe('broadcast binary reference', () => {
  it('broadcasts like numpy', () => {
    expect(broadcastShape('Add', [2, 1, 4], [3, 1])).toEqual([2, 3, 4]);
    expect(broadcastShape('Add', [], [5])).toEqual([5]);
    expect(() => broadcastShape('Mul', [2, 3], [4])).toThrow(
      'Mul: shapes [2,3] and [4] are not broadcastable',
    );
  });

  it('computes known values with a broadcast row and column', () => {
    const a = tensor64([2, 1], [1, 2]);
    const b = tensor64([3], [10, 20, 30]);
    expect([...binaryForward('Add', a, b).data]).toEqual([11, 21, 31, 12, 22, 32]);
    expect([...binaryForward('Sub', a, b).data]).toEqual([-9, -19, -29, -8, -18, -28]);
    expect([...binaryForward('Div', b, a).data]).toEqual([10, 20, 30, 5, 10, 15]);
  });

  it('reduceToShape sums over broadcast axes', () => {
    const g = Float64Array.from([1, 2, 3, 4, 5, 6]);
    expect([...reduceToShape('Add', g, [2, 3], [3])]).toEqual([5, 7, 9]);
    expect([...reduceToShape('Add', g, [2, 3], [2, 1])]).toEqual([6, 15]);
    expect([...reduceToShape('Add', g, [2, 3], [])]).toEqual([21]);
    expect(() => reduceToShape('Add', g, [2, 3], [2])).toThrow(
      'Add: shapes [2,3] and [2] are not broadcastable',
    );
  });

  const shapes: [number[], number[]][] = [
    [
      [2, 3, 4],
      [2, 3, 4],
    ],
    [[2, 3, 4], [4]],
    [
      [2, 1, 4],
      [3, 1],
    ],
    [
      [1, 3, 1, 1],
      [2, 3, 2, 2],
    ],
    [[], [2, 2]],
  ];
  for (const op of ['Add', 'Sub', 'Mul', 'Div'] as BinaryOp[]) {
    for (const [sa, sb] of shapes) {
      it(`${op} ${JSON.stringify(sa)}×${JSON.stringify(sb)} backward vs finite differences (1e-6 rel, floor 1)`, () => {
        const a = tensor64(sa, randomF64(sizeOf(sa)));
        // Keep divisors away from 0 so the quotient stays smooth over the difference step.
        const b = tensor64(sb, op === 'Div' ? randomF64(sizeOf(sb), 0.5, 2) : randomF64(sizeOf(sb)));
        const y = binaryForward(op, a, b);
        const dy = tensor64(y.shape, randomF64(y.data.length));
        const { da, db } = binaryBackward(op, a, b, dy);
        const f = ([ad, bd]: Float64Array[]) =>
          binaryForward(op, { data: ad, shape: sa }, { data: bd, shape: sb }).data;
        expect(vjpMismatch(f, [a.data, b.data], dy.data, [da.data, db.data], ['dA', 'dB'])).toBeNull();
      });
    }
  }
});
