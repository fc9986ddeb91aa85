// AveragePool reference: count_include_pad and ceil_mode divisors by hand, backward vs finite differences.
import { describe, expect, it } from 'vitest';
import { randomF64, vjpMismatch } from '../../nn/ref/gradcheck.ts';
import { sizeOf, tensor64 } from '../../nn/ref/tensor64.ts';
import { type AvgPoolAttrs, avgPoolBackward, avgPoolForward } from './avg-pool.ref.ts';

describe('avgpool reference', () => {
  const x = tensor64([1, 1, 2, 2], [1, 2, 3, 4]);
  const a: AvgPoolAttrs = { kernelShape: [2, 2], pads: [1, 1, 1, 1] };

  it('count_include_pad divides by the full window, otherwise by the valid taps', () => {
    expect([...avgPoolForward(x, { ...a, countIncludePad: true }).data]).toEqual([
      0.25, 0.75, 0.5, 1, 2.5, 1.5, 0.75, 1.75, 1,
    ]);
    expect([...avgPoolForward(x, a).data]).toEqual([1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4]);
  });

  it('ceil_mode never counts positions past the end padding', () => {
    const row = tensor64([1, 1, 1, 3], [2, 4, 9]);
    const attrs: AvgPoolAttrs = {
      kernelShape: [1, 2],
      strides: [1, 2],
      ceilMode: true,
      countIncludePad: true,
    };
    expect([...avgPoolForward(row, attrs).data]).toEqual([3, 9]);
  });

  it('validates dY shape', () => {
    expect(() => avgPoolBackward([1, 1, 2, 2], tensor64([1, 1, 2, 2]), a)).toThrow(
      'AveragePool backward: dY shape [1,1,2,2] ≠ output shape [1,1,3,3]',
    );
  });

  const cases: [string, number[], AvgPoolAttrs][] = [
    [
      '3×3 stride 2 pad 1 include pad',
      [2, 2, 5, 6],
      { kernelShape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], countIncludePad: true },
    ],
    [
      '3×3 stride 2 pad 1 exclude pad, ceil',
      [1, 2, 6, 6],
      { kernelShape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], ceilMode: true },
    ],
    [
      'dilated 2×2, asymmetric pads',
      [1, 1, 6, 5],
      { kernelShape: [2, 2], dilations: [2, 2], pads: [0, 1, 2, 0], countIncludePad: true },
    ],
  ];
  for (const [name, shape, attrs] of cases) {
    it(`${name}: backward vs finite differences (1e-6 rel, floor 1)`, () => {
      const xt = tensor64(shape, randomF64(sizeOf(shape)));
      const y = avgPoolForward(xt, attrs);
      const dy = tensor64(y.shape, randomF64(y.data.length));
      const dx = avgPoolBackward(shape, dy, attrs);
      const f = ([xd]: Float64Array[]) => avgPoolForward({ data: xd, shape }, attrs).data;
      expect(vjpMismatch(f, [xt.data], dy.data, [dx.data], ['dX'])).toBeNull();
    });
  }
});
