// Transpose on the GPU vs the reference on fresh random inputs, several ranks and perms (exact: pure copies;
// outputs NaN-poisoned), one compiled pipeline for all of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { shapeSize } from '../../gpu/tensor.ts';
import { gpuSkipped, randomF32, requireGpu } from '../../gpu/testing.ts';
import { transposeRef } from './transpose.ref.ts';
import { transpose } from './transpose.ts';

describe.skipIf(gpuSkipped)('transpose kernel on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'transpose test' });
  });
  afterAll(() => ctx?.destroy());

  it('matches the reference for any permutation', async () => {
    const cases: [number[], number[] | undefined][] = [
      [[37, 19], undefined],
      [
        [2, 3, 4],
        [1, 2, 0],
      ],
      [
        [3, 4, 5, 6],
        [3, 1, 0, 2],
      ],
      [
        [2, 1, 3, 2, 2, 1, 2, 3],
        [7, 6, 5, 4, 3, 2, 1, 0],
      ],
      [[5], [0]],
    ];
    for (const [shape, perm] of cases) {
      const data = randomF32(shapeSize(shape));
      const ref = transposeRef(data, shape, perm);
      const x = ctx.upload(data, shape, 'x');
      const out = ctx.upload(new Float32Array(ref.data.length).fill(Number.NaN), ref.shape, 'poisoned');
      const y = transpose(ctx, x, perm, out);
      expect(Array.from(await ctx.read(y)), JSON.stringify([shape, perm])).toEqual(Array.from(ref.data));
      ctx.release(x);
      ctx.release(y);
    }
    expect(ctx.pipelines.stats().compiled).toBe(1);
  });

  it('keeps integer dtypes and rejects a bad perm', async () => {
    const x = ctx.upload(Int32Array.from([1, -2, 3, -4, 5, -6]), [2, 3], 'ints');
    const y = transpose(ctx, x);
    expect(y.dtype).toBe('i32');
    expect(Array.from(await ctx.readTyped(y))).toEqual([1, -4, -2, 5, 3, -6]);
    expect(() => transpose(ctx, x, [1, 1])).toThrow('Transpose: perm [1,1] is not a permutation of 0..1');
  });
});
