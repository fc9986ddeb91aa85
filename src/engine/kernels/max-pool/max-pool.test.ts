// MaxPool reference: known values, ceil_mode geometry, validation, backward vs finite differences.
import { describe, expect, it } from 'vitest';
import { distinctF64, randomF64, vjpMismatch } from '../../nn/ref/gradcheck.ts';
import { sizeOf, tensor64 } from '../../nn/ref/tensor64.ts';
import { maxPoolBackward, maxPoolForward } from './max-pool.ref.ts';
import type { Pool2dAttrs } from './pool2d-geometry.ts';

const ramp = tensor64(
  [1, 1, 4, 4],
  Array.from({ length: 16 }, (_, i) => i),
);

describe('maxpool reference', () => {
  it('known values and argmax indices', () => {
    const { y, indices } = maxPoolForward(ramp, { kernelShape: [2, 2], strides: [2, 2] });
    expect([...y.data]).toEqual([5, 7, 13, 15]);
    expect([...indices]).toEqual([5, 7, 13, 15]);
    const padded = maxPoolForward(ramp, { kernelShape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });
    expect([...padded.y.data]).toEqual([5, 7, 13, 15]);
  });

  it('ties route to the first maximum', () => {
    const x = tensor64([1, 1, 2, 2], [3, 3, 3, 3]);
    const { indices } = maxPoolForward(x, { kernelShape: [2, 2] });
    expect([...indices]).toEqual([0]);
  });

  it('ceil_mode rounds up but drops a window that starts in the end padding', () => {
    const x = tensor64([1, 1, 5, 5], randomF64(25));
    expect(maxPoolForward(x, { kernelShape: [2, 2], strides: [2, 2] }).y.shape).toEqual([1, 1, 2, 2]);
    expect(maxPoolForward(x, { kernelShape: [2, 2], strides: [2, 2], ceilMode: true }).y.shape).toEqual([
      1, 1, 3, 3,
    ]);
    // span (5+1+1−2)/3 → ceil 2 → 3 windows, but the third would start at 6−1 = 5 ≥ 5: dropped.
    const a: Pool2dAttrs = { kernelShape: [2, 2], strides: [3, 3], pads: [1, 1, 1, 1], ceilMode: true };
    expect(maxPoolForward(x, a).y.shape).toEqual([1, 1, 2, 2]);
  });

  it('validates', () => {
    expect(() => maxPoolForward(ramp, { kernelShape: [2] })).toThrow(
      'MaxPool: kernel_shape must be 2 integers ≥ 1',
    );
    expect(() => maxPoolForward(ramp, { kernelShape: [2, 2], pads: [2, 0, 0, 0] })).toThrow(
      'MaxPool: pads [2,0,0,0] must be smaller than the dilated kernel 2×2',
    );
    expect(() => maxPoolForward(ramp, { kernelShape: [5, 5] })).toThrow('MaxPool: output would be 0×0');
  });

  const cases: [string, number[], Pool2dAttrs][] = [
    [
      '3×3 stride 2 pad 1 (ResNet stem)',
      [2, 2, 7, 7],
      { kernelShape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] },
    ],
    [
      '3×3 stride 2 ceil (SqueezeNet)',
      [1, 3, 6, 6],
      { kernelShape: [3, 3], strides: [2, 2], ceilMode: true },
    ],
    [
      'dilated, asymmetric pads',
      [1, 2, 6, 5],
      { kernelShape: [2, 3], dilations: [2, 1], pads: [1, 0, 0, 2] },
    ],
    ['SAME_UPPER', [1, 1, 5, 4], { kernelShape: [2, 2], strides: [2, 2], autoPad: 'SAME_UPPER' }],
  ];
  for (const [name, shape, attrs] of cases) {
    it(`${name}: backward vs finite differences (1e-6 rel, floor 1)`, () => {
      const x = tensor64(shape, distinctF64(sizeOf(shape)));
      const { y, indices } = maxPoolForward(x, attrs);
      const dy = tensor64(y.shape, randomF64(y.data.length));
      const dx = maxPoolBackward(shape, indices, dy);
      const f = ([xd]: Float64Array[]) => maxPoolForward({ data: xd, shape }, attrs).y.data;
      expect(vjpMismatch(f, [x.data], dy.data, [dx.data], ['dX'])).toBeNull();
    });
  }
});
