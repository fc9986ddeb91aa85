// Softmax reference: rows sum to 1, stability, validation, backward vs finite differences on every axis.
import { describe, expect, it } from 'vitest';
import { randomF64, vjpMismatch } from '../../nn/ref/gradcheck.ts';
import { tensor64 } from '../../nn/ref/tensor64.ts';
import { softmaxBackward, softmaxForward } from './softmax.ref.ts';

describe('softmax reference', () => {
  it('sums to 1 along the axis and matches exp/Σexp', () => {
    const x = tensor64([2, 3, 4], randomF64(24, -3, 3));
    const y = softmaxForward(x, 1);
    for (let o = 0; o < 2; o++) {
      for (let i = 0; i < 4; i++) {
        let s = 0;
        let e = 0;
        for (let k = 0; k < 3; k++) e += Math.exp(x.data[o * 12 + k * 4 + i]);
        for (let k = 0; k < 3; k++) {
          s += y.data[o * 12 + k * 4 + i];
          expect(y.data[o * 12 + k * 4 + i]).toBeCloseTo(Math.exp(x.data[o * 12 + k * 4 + i]) / e, 14);
        }
        expect(s).toBeCloseTo(1, 14);
      }
    }
  });

  it('is stable for large logits', () => {
    const y = softmaxForward(tensor64([1, 2], [1000, 1000]));
    expect([...y.data]).toEqual([0.5, 0.5]);
  });

  it('validates the axis', () => {
    expect(() => softmaxForward(tensor64([2, 3]), 2)).toThrow('Softmax: axis 2 out of range for rank 2');
  });

  for (const axis of [-1, 0, 1, 2]) {
    it(`axis ${axis}: backward vs finite differences (1e-6 rel, floor 1)`, () => {
      const shape = [2, 3, 4];
      const x = tensor64(shape, randomF64(24, -2, 2));
      const y = softmaxForward(x, axis);
      const dy = tensor64(shape, randomF64(24));
      const dx = softmaxBackward(y, dy, axis);
      const f = ([xd]: Float64Array[]) => softmaxForward({ data: xd, shape }, axis).data;
      expect(vjpMismatch(f, [x.data], dy.data, [dx.data], ['dX'])).toBeNull();
    });
  }
});
