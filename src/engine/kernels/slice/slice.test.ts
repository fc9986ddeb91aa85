// Slice reference: ONNX clamping with negative starts/ends/steps, validation, backward vs finite differences.
import { describe, expect, it } from 'vitest';
import { randomF64, vjpMismatch } from '../../nn/ref/gradcheck.ts';
import { tensor64 } from '../../nn/ref/tensor64.ts';
import { type SliceParams, sliceBackward, sliceForward } from './slice.ref.ts';

const ten = tensor64([10], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
const pick = (p: SliceParams) => [...sliceForward(ten, p).data];

describe('slice reference', () => {
  it('follows ONNX clamping for positive and negative steps', () => {
    expect(pick({ starts: [1], ends: [8], steps: [3] })).toEqual([1, 4, 7]);
    expect(pick({ starts: [8], ends: [1], steps: [-3] })).toEqual([8, 5, 2]);
    expect(pick({ starts: [-1], ends: [-Number.MAX_SAFE_INTEGER], steps: [-1] })).toEqual([
      9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
    ]);
    expect(pick({ starts: [-3], ends: [Number.MAX_SAFE_INTEGER] })).toEqual([7, 8, 9]);
    expect(pick({ starts: [20], ends: [30] })).toEqual([]);
    expect(pick({ starts: [5], ends: [2] })).toEqual([]);
  });

  it('honours axes in any order, negative ones included', () => {
    const x = tensor64(
      [3, 4],
      Array.from({ length: 12 }, (_, i) => i),
    );
    const y = sliceForward(x, { starts: [0, 1], ends: [2, 3], axes: [-1, 0] });
    expect(y.shape).toEqual([2, 2]);
    expect([...y.data]).toEqual([4, 5, 8, 9]);
  });

  it('validates', () => {
    expect(() => sliceForward(ten, { starts: [0], ends: [1], steps: [0] })).toThrow(
      'Slice: step 0 for axis 0 must be a non-zero integer',
    );
    expect(() => sliceForward(ten, { starts: [0, 0], ends: [1, 1], axes: [0, -1] })).toThrow(
      'Slice: axis 0 repeated in axes [0,-1]',
    );
    expect(() => sliceForward(ten, { starts: [0], ends: [1, 2] })).toThrow('Slice: starts (1), ends (2)');
    expect(() => sliceBackward([10], tensor64([3]), { starts: [0], ends: [2] })).toThrow(
      'Slice backward: dY shape [3] ≠ output shape [2]',
    );
  });

  it('backward vs finite differences (1e-6 rel, floor 1)', () => {
    const shape = [3, 5, 6];
    const p: SliceParams = { starts: [-1, 1, 5], ends: [-100, 5, 0], axes: [0, 2, 1], steps: [-2, 2, -2] };
    const x = tensor64(shape, randomF64(90));
    const y = sliceForward(x, p);
    expect(y.shape).toEqual([2, 2, 2]);
    const dy = tensor64(y.shape, randomF64(y.data.length));
    const dx = sliceBackward(shape, dy, p);
    const f = ([xd]: Float64Array[]) => sliceForward({ data: xd, shape }, p).data;
    expect(vjpMismatch(f, [x.data], dy.data, [dx.data], ['dX'])).toBeNull();
  });
});
