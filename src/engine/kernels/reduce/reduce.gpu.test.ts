// Reductions on the GPU vs the float64 reference: every axis of a rank-4 tensor, both kernel variants, keepdims
// (rel 1e-5 with floor 1 for sum of ≤ ~300 terms in [-1, 1); outputs NaN-poisoned).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { shapeSize } from '../../gpu/tensor.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import { planReduce, type ReduceOp, reduceRef } from './reduce.ref.ts';
import { chooseReduceVariant, reduce } from './reduce.ts';

const TOL = 1e-5;
const OPS: ReduceOp[] = ['sum', 'mean', 'max'];

describe.skipIf(gpuSkipped)('reduce kernels on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'reduce test' });
  });
  afterAll(() => ctx?.destroy());

  async function check(op: ReduceOp, shape: number[], axis: number, keepdims: boolean): Promise<void> {
    const data = randomF32(shapeSize(shape));
    const ref = reduceRef(op, data, shape, axis, keepdims);
    const x = ctx.upload(data, shape, 'x');
    const out = ctx.upload(new Float32Array(ref.data.length).fill(Number.NaN), ref.shape, 'poisoned');
    const y = reduce(ctx, op, x, axis, { keepdims, out });
    expect(y.shape).toEqual(ref.shape);
    const { err, index } = maxRelError(await ctx.read(y), ref.data, 1);
    expect(err, `${op} ${JSON.stringify(shape)} axis ${axis} at ${index}`).toBeLessThan(TOL);
    ctx.release(x);
    ctx.release(y);
  }

  it('reduces every axis of a rank-4 tensor (per-output-thread variant)', async () => {
    const shape = [3, 5, 4, 7];
    for (const op of OPS) {
      for (let axis = -4; axis < 4; axis++) await check(op, shape, axis, axis % 2 === 0);
    }
  });

  it('reduces long rows with one workgroup per output (non power-of-two length)', async () => {
    const shape = [3, 300, 2];
    const p = planReduce('sum', shape, 1, false);
    expect(chooseReduceVariant(p.outer * p.inner, p.length)).toBe('workgroup');
    for (const op of OPS) {
      await check(op, shape, 1, false);
      await check(op, [1000], 0, true);
    }
  });

  it('rejects a bad axis naming the op', () => {
    const x = ctx.upload(randomF32(6), [2, 3], 'x');
    expect(() => reduce(ctx, 'mean', x, -3)).toThrow('ReduceMean: axis -3 is out of range');
    ctx.release(x);
  });
});
