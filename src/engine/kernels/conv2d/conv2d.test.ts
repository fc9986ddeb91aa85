// Conv reference: hand-computed values, shape validation, and backward vs central finite differences.
import { describe, expect, it } from 'vitest';
import { randomF64, vjpMismatch } from '../../nn/ref/gradcheck.ts';
import { tensor64 } from '../../nn/ref/tensor64.ts';
import { type Conv2dAttrs, conv2dBackward, conv2dForward } from './conv2d.ref.ts';

const nine = tensor64([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);

describe('conv2d reference forward', () => {
  it('matches a hand-computed 2×2 difference kernel with bias', () => {
    const w = tensor64([1, 1, 2, 2], [1, 0, 0, -1]);
    const y = conv2dForward(nine, w, tensor64([1], [0.5]));
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect([...y.data]).toEqual([-3.5, -3.5, -3.5, -3.5]);
  });

  it('matches a hand-computed padded, strided box sum', () => {
    const w = tensor64([1, 1, 2, 2], [1, 1, 1, 1]);
    const y = conv2dForward(nine, w, null, { strides: [2, 2], pads: [1, 1, 1, 1] });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect([...y.data]).toEqual([1, 5, 11, 28]);
  });

  it('depthwise conv keeps channels separate', () => {
    const x = tensor64([1, 2, 1, 2], [1, 2, 10, 20]);
    const w = tensor64([2, 1, 1, 1], [3, -1]);
    const y = conv2dForward(x, w, null, { group: 2 });
    expect([...y.data]).toEqual([3, 6, -10, -20]);
  });

  it('SAME_UPPER keeps ceil(in/stride) outputs', () => {
    const x = tensor64([1, 1, 5, 4], randomF64(20));
    const w = tensor64([1, 1, 3, 3], randomF64(9));
    expect(conv2dForward(x, w, null, { autoPad: 'SAME_UPPER', strides: [2, 2] }).shape).toEqual([1, 1, 3, 2]);
  });

  it('rejects mismatched shapes with ORT-style messages', () => {
    const x = tensor64([1, 32, 4, 4]);
    expect(() => conv2dForward(x, tensor64([8, 16, 1, 1]), null)).toThrow(
      'Conv: input channels 32 ≠ weight in-channels×group 16',
    );
    expect(() => conv2dForward(x, tensor64([6, 8, 1, 1]), null, { group: 4 })).toThrow(
      'Conv: output channels 6 not divisible by group 4',
    );
    expect(() => conv2dForward(x, tensor64([8, 32, 1, 1]), tensor64([4]))).toThrow(
      'Conv: bias length 4 ≠ output channels 8',
    );
    expect(() => conv2dForward(x, tensor64([8, 32, 5, 5]), null)).toThrow('Conv: output would be 0×0');
    expect(() => conv2dForward(tensor64([32, 4, 4]), tensor64([8, 32, 1, 1]), null)).toThrow(
      'Conv: input X must be 4-D',
    );
  });
});

describe('conv2d reference backward vs finite differences (1e-6 relative, floor 1)', () => {
  const cases: [string, number[], number[], Conv2dAttrs][] = [
    ['plain 3×3', [2, 3, 5, 6], [4, 3, 3, 3], {}],
    [
      'stride 2, asymmetric pads, dilation 2',
      [1, 2, 7, 6],
      [3, 2, 3, 2],
      { strides: [2, 1], pads: [1, 0, 2, 1], dilations: [2, 2] },
    ],
    ['group 2', [2, 4, 4, 5], [6, 2, 3, 3], { group: 2, pads: [1, 1, 1, 1] }],
    [
      'depthwise, SAME_LOWER, stride 2',
      [1, 3, 5, 5],
      [3, 1, 3, 3],
      { group: 3, autoPad: 'SAME_LOWER', strides: [2, 2] },
    ],
  ];
  for (const [name, xs, ws, attrs] of cases) {
    it(name, () => {
      const x = tensor64(xs, randomF64(xs.reduce((a, b) => a * b)));
      const w = tensor64(ws, randomF64(ws.reduce((a, b) => a * b)));
      const b = tensor64([ws[0]], randomF64(ws[0]));
      const f = ([xd, wd, bd]: Float64Array[]) =>
        conv2dForward({ data: xd, shape: xs }, { data: wd, shape: ws }, { data: bd, shape: [ws[0]] }, attrs)
          .data;
      const y = conv2dForward(x, w, b, attrs);
      const dy = tensor64(y.shape, randomF64(y.data.length));
      const g = conv2dBackward(x, w, dy, true, attrs);
      expect(
        vjpMismatch(
          f,
          [x.data, w.data, b.data],
          dy.data,
          [g.dx.data, g.dw.data, g.db!.data],
          ['dX', 'dW', 'dB'],
        ),
      ).toBeNull();
    });
  }
});
