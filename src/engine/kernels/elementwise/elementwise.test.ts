// Unit tests of the elementwise reference (the spec for the kernels): hand-checked values and broadcasting.
import { describe, expect, it } from 'vitest';
import { binaryRef, binaryScalar, UNARY_OPS, unaryScalar } from './elementwise.ref.ts';

describe('elementwise reference', () => {
  it('unary ops give hand-checked values', () => {
    expect(unaryScalar('relu', -2)).toBe(0);
    expect(unaryScalar('relu', 3)).toBe(3);
    expect(unaryScalar('sigmoid', 0)).toBe(0.5);
    expect(unaryScalar('tanh', 0.5)).toBeCloseTo(0.46211715726, 10);
    expect(unaryScalar('silu', 1)).toBeCloseTo(0.73105857863, 10);
    expect(unaryScalar('gelu', 1)).toBeCloseTo(0.84119199, 7);
    expect(unaryScalar('rsqrt', 4)).toBe(0.5);
    expect(unaryScalar('sign', -0.3)).toBe(-1);
    expect(unaryScalar('floor', -1.5)).toBe(-2);
    for (const op of UNARY_OPS) expect(Number.isFinite(unaryScalar(op, 0.7)), op).toBe(true);
  });

  it('pow follows numpy on negative bases and zero', () => {
    expect(binaryScalar('pow', -2, 3)).toBe(-8);
    expect(binaryScalar('pow', -2, 0.5)).toBeNaN();
    expect(binaryScalar('pow', 0, 0)).toBe(1);
    expect(binaryScalar('pow', 0, -1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('broadcasts like numpy', () => {
    // [2,1,3] + [4,1] -> [2,4,3]
    const a = [0, 1, 2, 10, 11, 12];
    const b = [100, 200, 300, 400];
    const { data, shape } = binaryRef('add', a, [2, 1, 3], b, [4, 1]);
    expect(shape).toEqual([2, 4, 3]);
    expect(data[0]).toBe(100);
    expect(data[5]).toBe(202); // [0,1,2]: a[0,0,2] + b[1,0]
    expect(data[3 * 4 + 3 * 3 + 1]).toBe(411); // [1,3,1]: a[1,0,1] + b[3,0]
    expect(binaryRef('mul', [2], [], [1, 2, 3], [3]).data).toEqual(new Float64Array([2, 4, 6]));
  });

  it('names the op when shapes do not broadcast', () => {
    expect(() => binaryRef('add', [1, 2, 3, 4, 5, 6], [2, 3], [1, 2, 3, 4], [4])).toThrow(
      'Add: shapes [2,3] and [4] do not broadcast',
    );
  });
});
