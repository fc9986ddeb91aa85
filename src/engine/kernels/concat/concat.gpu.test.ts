// Concat kernels vs the float64 reference on fresh random inputs (exact copies: rel 1e-4 / 1e-3, floor 1);
// outputs NaN-poisoned so a slab the kernel skips fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import { concatBackward as refBackward, concatForward as refForward } from './concat.ref.ts';
import { concatBackward, concatForward } from './concat.ts';

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

describe.skipIf(gpuSkipped)('concat kernels on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'concat test' });
  });
  afterAll(() => ctx?.destroy());

  const poisoned = (shape: number[]): GpuTensor =>
    ctx.upload(new Float32Array(size(shape)).fill(Number.NaN), shape, 'poisoned');

  const cases: [number[][], number][] = [
    [
      [
        [2, 3, 4, 5],
        [2, 5, 4, 5],
        [2, 1, 4, 5],
      ],
      1,
    ],
    [
      [
        [2, 3, 4],
        [2, 3, 7],
      ],
      -1,
    ],
    [
      [
        [1, 6],
        [3, 6],
      ],
      0,
    ],
    [
      [
        [2, 0, 3],
        [2, 4, 3],
      ],
      1,
    ],
  ];

  for (const [shapes, axis] of cases) {
    it(`forward and backward of ${JSON.stringify(shapes)} along ${axis}`, async () => {
      const datas = shapes.map((s) => randomF32(size(s), -3, 3));
      const ref = refForward(
        shapes.map((s, i) => ({ data: Float64Array.from(datas[i]), shape: s })),
        axis,
      );
      const inputs = shapes.map((s, i) => ctx.upload(datas[i], s, `in ${i}`));
      const y = concatForward(ctx, inputs, axis, poisoned([...ref.shape]));
      expect(y.shape).toEqual(ref.shape);
      const fwd = maxRelError(await ctx.read(y), ref.data, 1);
      expect(fwd.err, `forward at ${fwd.index}`).toBeLessThan(1e-4);
      const dys = randomF32(size(ref.shape), -2, 2);
      const dy = ctx.upload(dys, [...ref.shape], 'dy');
      const dxs = concatBackward(
        ctx,
        shapes,
        dy,
        axis,
        shapes.map((s) => poisoned(s)),
      );
      const expected = refBackward(shapes, { data: Float64Array.from(dys), shape: ref.shape }, axis);
      for (let i = 0; i < shapes.length; i++) {
        expect(dxs[i].shape).toEqual(shapes[i]);
        const bwd = maxRelError(await ctx.read(dxs[i]), expected[i].data, 1);
        expect(bwd.err, `backward input ${i} at ${bwd.index}`).toBeLessThan(1e-3);
      }
      for (const t of [...inputs, y, dy, ...dxs]) ctx.release(t);
    });
  }

  it('rejects mismatched shapes naming the input', () => {
    const a = ctx.upload(randomF32(6), [2, 3], 'a');
    const b = ctx.upload(randomF32(8), [4, 2], 'b');
    expect(() => concatForward(ctx, [a, b], 1)).toThrow(
      'Concat: input 1 shape [4,2] differs from input 0 shape [2,3] outside axis 1',
    );
    expect(() => concatForward(ctx, [a], 3)).toThrow('Concat: axis 3 out of range for rank 2');
    expect(() => concatBackward(ctx, [[2, 2]], a, 1)).toThrow(
      'Concat backward: split sizes [2] do not sum to dimension 3 of axis 1',
    );
    ctx.release(a);
    ctx.release(b);
  });
});
