// GlobalAveragePool on the GPU vs the float64 reference on fresh random inputs:
// 4-D and 3-D inputs, short planes in one pass and planes longer than GAP_CHUNK in chunks. Y rel 1e-4, dX rel 1e-3
// (floor 1); outputs are NaN-poisoned first to catch unwritten elements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { type GpuTensor, shapeSize } from '../../gpu/tensor.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import type { Tensor64 } from '../../nn/ref/tensor64.ts';
import * as ref from './global-avg-pool.ref.ts';
import { GAP_CHUNK, globalAvgPoolBackward, globalAvgPoolForward } from './global-avg-pool.ts';

const FWD_TOL = 1e-4;
const BWD_TOL = 1e-3;

const SHAPES = [
  [2, 3, 7, 7],
  [2, 5, 1, 1],
  [1, 4, 13, 11], // 143 > 64: several strided passes per invocation
  [3, 2, 9], // 1-D spatial
  [2, 40, 3, 3],
];

function t64(data: Float32Array, shape: readonly number[]): Tensor64 {
  return { data: Float64Array.from(data), shape: [...shape] };
}

describe.skipIf(gpuSkipped)('global-avg-pool on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'global-avg-pool test' });
  });
  afterAll(() => ctx?.destroy());

  const poisoned = (shape: number[], label: string): GpuTensor =>
    ctx.upload(new Float32Array(shapeSize(shape)).fill(Number.NaN), shape, label);

  it('forward and backward match the reference on every shape', async () => {
    for (const shape of SHAPES) {
      const xs = randomF32(shapeSize(shape));
      const want = ref.globalAvgPoolForward(t64(xs, shape));
      const dys = randomF32(want.data.length);
      const wantDx = ref.globalAvgPoolBackward(shape, t64(dys, want.shape));
      const x = ctx.upload(xs, shape, 'X');
      const dy = ctx.upload(dys, [...want.shape], 'dY');
      const y = globalAvgPoolForward(ctx, x, poisoned([...want.shape], 'Y'));
      const dx = globalAvgPoolBackward(ctx, shape, dy, poisoned(shape, 'dX'));
      expect(y.shape).toEqual(want.shape);
      const fy = maxRelError(await ctx.read(y), want.data, 1);
      expect(fy.err, `${shape}: Y at ${fy.index}`).toBeLessThan(FWD_TOL);
      const bx = maxRelError(await ctx.read(dx), wantDx.data, 1);
      expect(bx.err, `${shape}: dX at ${bx.index}`).toBeLessThan(BWD_TOL);
      for (const t of [x, dy, y, dx]) ctx.release(t);
    }
  });

  it('sums and fills planes longer than GAP_CHUNK in chunks, leaking no scratch', async () => {
    // 65·70 = 4550 → 2 chunks (the last one shorter); 1·3·12289 → 4 chunks of a 1-D plane.
    for (const shape of [
      [2, 3, 65, 70],
      [1, 3, 12289],
    ]) {
      expect(shapeSize(shape) / (shape[0] * shape[1])).toBeGreaterThan(GAP_CHUNK);
      const live = ctx.pool.stats().liveBuffers;
      const xs = randomF32(shapeSize(shape));
      const want = ref.globalAvgPoolForward(t64(xs, shape));
      const dys = randomF32(want.data.length);
      const wantDx = ref.globalAvgPoolBackward(shape, t64(dys, want.shape));
      const x = ctx.upload(xs, shape, 'X');
      const dy = ctx.upload(dys, [...want.shape], 'dY');
      const y = globalAvgPoolForward(ctx, x, poisoned([...want.shape], 'Y'));
      const dx = globalAvgPoolBackward(ctx, shape, dy, poisoned(shape, 'dX'));
      const fy = maxRelError(await ctx.read(y), want.data, 1);
      expect(fy.err, `${shape}: Y at ${fy.index}`).toBeLessThan(FWD_TOL);
      const bx = maxRelError(await ctx.read(dx), wantDx.data, 1);
      expect(bx.err, `${shape}: dX at ${bx.index}`).toBeLessThan(BWD_TOL);
      for (const t of [x, dy, y, dx]) ctx.release(t);
      expect(ctx.pool.stats().liveBuffers, 'live buffers after release').toBe(live);
    }
  });

  it('accepts a flattened [N,C] dY, allocates outputs, and validates shapes', async () => {
    const dys = randomF32(6);
    const dy = ctx.upload(dys, [2, 3], 'dY');
    const dx = globalAvgPoolBackward(ctx, [2, 3, 2, 2], dy);
    const want = ref.globalAvgPoolBackward([2, 3, 2, 2], t64(dys, [2, 3, 1, 1]));
    expect(maxRelError(await ctx.read(dx), want.data).err).toBeLessThan(BWD_TOL);
    expect(() => globalAvgPoolForward(ctx, dy)).toThrow(
      'GlobalAveragePool: input X must be at least 3-D [N,C,spatial...], got [2,3]',
    );
    expect(() => globalAvgPoolBackward(ctx, [2, 4, 2, 2], dy)).toThrow(
      'GlobalAveragePool backward: dY shape [2,3] ≠ [2,4,1,1]',
    );
    for (const t of [dy, dx]) ctx.release(t);
  });
});
