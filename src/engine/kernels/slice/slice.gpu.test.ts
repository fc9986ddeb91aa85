// Slice kernels vs the float64 reference on fresh random inputs (negative starts/steps, clamping, int64-style
// "to the end" bounds): rel 1e-4 / 1e-3 (floor 1); outputs NaN-poisoned so off-slice zeros must be written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import { sliceBackward as refBackward, sliceForward as refForward, type SliceParams } from './slice.ref.ts';
import { sliceBackward, sliceForward } from './slice.ts';

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

describe.skipIf(gpuSkipped)('slice kernels on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'slice test' });
  });
  afterAll(() => ctx?.destroy());

  const poisoned = (shape: readonly number[]): GpuTensor =>
    ctx.upload(new Float32Array(size(shape)).fill(Number.NaN), [...shape], 'poisoned');

  const cases: [number[], SliceParams][] = [
    [[2, 8, 5, 5], { starts: [1, 1], ends: [7, 4], axes: [1, 3] }],
    [[2, 6, 7], { starts: [-1, 0], ends: [-7, 9], axes: [1, 2], steps: [-2, 3] }],
    [[9, 4], { starts: [2], ends: [2 ** 63], axes: [0], steps: [2] }],
    [[3, 5, 4], { starts: [0, -100, 3], ends: [2, 100, -(2 ** 63)], steps: [1, 1, -1] }],
  ];

  for (const [shape, params] of cases) {
    it(`forward and backward of ${JSON.stringify(shape)} ${JSON.stringify(params)}`, async () => {
      const xs = randomF32(size(shape), -3, 3);
      const ref = refForward({ data: Float64Array.from(xs), shape }, params);
      const x = ctx.upload(xs, shape, 'x');
      const y = sliceForward(ctx, x, params, poisoned(ref.shape));
      expect(y.shape).toEqual(ref.shape);
      const fwd = maxRelError(await ctx.read(y), ref.data, 1);
      expect(fwd.err, `forward at ${fwd.index}`).toBeLessThan(1e-4);
      const dys = randomF32(size(ref.shape), -2, 2);
      const dy = ctx.upload(dys, [...ref.shape], 'dy');
      const dx = sliceBackward(ctx, shape, dy, params, poisoned(shape));
      const expected = refBackward(shape, { data: Float64Array.from(dys), shape: ref.shape }, params);
      const bwd = maxRelError(await ctx.read(dx), expected.data, 1);
      expect(bwd.err, `backward at ${bwd.index}`).toBeLessThan(1e-3);
      for (const t of [x, y, dy, dx]) ctx.release(t);
    });
  }

  it('rejects bad parameters and gradients naming the op', () => {
    const x = ctx.upload(randomF32(12), [3, 4], 'x');
    expect(() => sliceForward(ctx, x, { starts: [0], ends: [2], steps: [0] })).toThrow(
      'Slice: step 0 for axis 0 must be a non-zero integer',
    );
    expect(() => sliceBackward(ctx, [3, 4], x, { starts: [0], ends: [2] })).toThrow(
      'Slice backward: dY shape [3,4] ≠ output shape [2,4]',
    );
    ctx.release(x);
  });
});
