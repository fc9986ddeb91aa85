// Softmax kernels (both variants) vs the float64 reference on fresh random inputs: forward rel 1e-4, backward rel
// 1e-3 (floor 1); outputs NaN-poisoned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import { softmaxBackward as refBackward, softmaxForward as refForward } from './softmax.ref.ts';
import { chooseSoftmaxVariant, softmaxBackward, softmaxForward } from './softmax.ts';

describe.skipIf(gpuSkipped)('softmax kernels on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'softmax test' });
  });
  afterAll(() => ctx?.destroy());

  const poisoned = (shape: number[]): GpuTensor =>
    ctx.upload(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(Number.NaN), shape, 'poisoned');

  const cases: [number[], number][] = [
    [[3, 70], -1], // workgroup variant, contiguous rows
    [[2, 66, 3], 1], // workgroup variant, strided rows
    [[2, 5, 3, 4], 1], // thread variant over channels
    [[7, 3], 0],
    [[4, 9], -1],
  ];

  it('covers both variants', () => {
    expect(chooseSoftmaxVariant(3, 70)).toBe('workgroup');
    expect(chooseSoftmaxVariant(24, 5)).toBe('thread');
  });

  for (const [shape, axis] of cases) {
    it(`forward and backward on ${JSON.stringify(shape)} axis ${axis}`, async () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const xs = randomF32(n, -6, 6);
      const dys = randomF32(n, -2, 2);
      const ref = refForward({ data: Float64Array.from(xs), shape }, axis);
      const x = ctx.upload(xs, shape, 'x');
      const y = softmaxForward(ctx, x, axis, poisoned(shape));
      const fwd = maxRelError(await ctx.read(y), ref.data, 1);
      expect(fwd.err, `forward at ${fwd.index}`).toBeLessThan(1e-4);
      // Backward from the reference Y so only the backward kernel's error is measured.
      const y64 = ctx.upload(Float32Array.from(ref.data), shape, 'y ref');
      const dy = ctx.upload(dys, shape, 'dy');
      const dx = softmaxBackward(ctx, y64, dy, axis, poisoned(shape));
      const expected = refBackward(ref, { data: Float64Array.from(dys), shape }, axis);
      const bwd = maxRelError(await ctx.read(dx), expected.data, 1);
      expect(bwd.err, `backward at ${bwd.index}`).toBeLessThan(1e-3);
      for (const t of [x, y, y64, dy, dx]) ctx.release(t);
    });
  }

  it('rejects bad axes and shapes naming the op', () => {
    const x = ctx.upload(randomF32(6), [2, 3], 'x');
    const dy = ctx.upload(randomF32(3), [3], 'dy');
    expect(() => softmaxForward(ctx, x, 2)).toThrow('Softmax: axis 2 out of range for rank 2');
    expect(() => softmaxBackward(ctx, x, dy)).toThrow('Softmax backward: dY shape [3] ≠ Y shape [2,3]');
    ctx.release(x);
    ctx.release(dy);
  });
});
