// AveragePool on the GPU vs the float64 reference on fresh random inputs: count_include_pad on and off, ceil_mode
// (windows past the end padding), asymmetric pads, dilations, auto_pad. Y rel 1e-4, dX rel 1e-3 (floor 1);
// outputs are NaN-poisoned first to catch unwritten elements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { type GpuTensor, shapeSize } from '../../gpu/tensor.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import type { Tensor64 } from '../../nn/ref/tensor64.ts';
import * as ref from './avg-pool.ref.ts';
import { avgPoolBackward, avgPoolForward } from './avg-pool.ts';

const FWD_TOL = 1e-4;
const BWD_TOL = 1e-3;

const CASES: { x: number[]; attrs: ref.AvgPoolAttrs }[] = [
  { x: [2, 3, 7, 7], attrs: { kernelShape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] } },
  {
    x: [2, 3, 7, 7],
    attrs: { kernelShape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], countIncludePad: true },
  },
  {
    x: [1, 2, 8, 7],
    attrs: {
      kernelShape: [3, 2],
      strides: [2, 2],
      pads: [0, 0, 0, 1],
      ceilMode: true,
      countIncludePad: true,
    },
  },
  { x: [1, 2, 8, 7], attrs: { kernelShape: [3, 2], strides: [2, 2], pads: [0, 0, 0, 1], ceilMode: true } },
  { x: [1, 3, 6, 9], attrs: { kernelShape: [2, 3], strides: [1, 2], pads: [1, 0, 1, 2], dilations: [2, 1] } },
  {
    x: [2, 2, 5, 6],
    attrs: { kernelShape: [2, 2], strides: [2, 2], autoPad: 'SAME_LOWER', countIncludePad: true },
  },
];

function t64(data: Float32Array, shape: readonly number[]): Tensor64 {
  return { data: Float64Array.from(data), shape: [...shape] };
}

describe.skipIf(gpuSkipped)('avg-pool on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'avg-pool test' });
  });
  afterAll(() => ctx?.destroy());

  const poisoned = (shape: number[], label: string): GpuTensor =>
    ctx.upload(new Float32Array(shapeSize(shape)).fill(Number.NaN), shape, label);

  it('forward and backward match the reference on every case', async () => {
    for (const c of CASES) {
      const name = JSON.stringify(c);
      const xs = randomF32(shapeSize(c.x));
      const want = ref.avgPoolForward(t64(xs, c.x), c.attrs);
      const dys = randomF32(want.data.length);
      const wantDx = ref.avgPoolBackward(c.x, t64(dys, want.shape), c.attrs);
      const x = ctx.upload(xs, c.x, 'X');
      const dy = ctx.upload(dys, [...want.shape], 'dY');
      const y = avgPoolForward(ctx, x, c.attrs, poisoned([...want.shape], 'Y'));
      const dx = avgPoolBackward(ctx, c.x, dy, c.attrs, poisoned(c.x, 'dX'));
      expect(y.shape, name).toEqual(want.shape);
      const fy = maxRelError(await ctx.read(y), want.data, 1);
      expect(fy.err, `${name}: Y at ${fy.index}`).toBeLessThan(FWD_TOL);
      const bx = maxRelError(await ctx.read(dx), wantDx.data, 1);
      expect(bx.err, `${name}: dX at ${bx.index}`).toBeLessThan(BWD_TOL);
      for (const t of [x, dy, y, dx]) ctx.release(t);
    }
  });

  it('allocates outputs and validates shapes', async () => {
    const xs = randomF32(2 * 4 * 4);
    const attrs: ref.AvgPoolAttrs = { kernelShape: [2, 2], strides: [2, 2] };
    const x = ctx.upload(xs, [1, 2, 4, 4], 'X');
    const y = avgPoolForward(ctx, x, attrs);
    expect(
      maxRelError(await ctx.read(y), ref.avgPoolForward(t64(xs, [1, 2, 4, 4]), attrs).data).err,
    ).toBeLessThan(FWD_TOL);
    expect(() => avgPoolBackward(ctx, [1, 2, 4, 4], x, attrs)).toThrow(
      'AveragePool backward: dY shape [1,2,4,4] ≠ output shape [1,2,2,2]',
    );
    expect(() => avgPoolForward(ctx, y, { kernelShape: [2] })).toThrow(
      'AveragePool: kernel_shape must be 2 integers ≥ 1, got [2]',
    );
    for (const t of [x, y]) ctx.release(t);
  });
});
