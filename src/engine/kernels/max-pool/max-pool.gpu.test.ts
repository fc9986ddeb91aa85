// MaxPool on the GPU vs the float64 reference on fresh random inputs: strides, asymmetric pads, dilations,
// ceil_mode, auto_pad, ties (first maximum wins) and NaN. Y rel 1e-4, argmax indices exact, dX rel 1e-3 (floor 1);
// outputs are NaN-poisoned (indices filled with a sentinel) first to catch unwritten elements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { type GpuTensor, shapeSize } from '../../gpu/tensor.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import type { Tensor64 } from '../../nn/ref/tensor64.ts';
import * as ref from './max-pool.ref.ts';
import { maxPoolBackward, maxPoolForward } from './max-pool.ts';
import type { Pool2dAttrs } from './pool2d-geometry.ts';

const FWD_TOL = 1e-4;
const BWD_TOL = 1e-3;

interface Case {
  x: number[];
  attrs: Pool2dAttrs;
  /** Draw from a few integers so windows hold ties. */
  ties?: boolean;
}

const CASES: Case[] = [
  { x: [2, 3, 7, 7], attrs: { kernelShape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] } },
  { x: [2, 2, 8, 8], attrs: { kernelShape: [3, 3], strides: [2, 2], ceilMode: true } },
  { x: [1, 3, 6, 9], attrs: { kernelShape: [2, 3], strides: [1, 2], pads: [1, 0, 1, 2], dilations: [2, 1] } },
  { x: [1, 2, 5, 6], attrs: { kernelShape: [2, 2], strides: [2, 2], autoPad: 'SAME_UPPER', ceilMode: true } },
  { x: [2, 2, 6, 6], attrs: { kernelShape: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1] }, ties: true },
];

function t64(data: Float32Array, shape: readonly number[]): Tensor64 {
  return { data: Float64Array.from(data), shape: [...shape] };
}

describe.skipIf(gpuSkipped)('max-pool on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'max-pool test' });
  });
  afterAll(() => ctx?.destroy());

  const poisoned = (shape: number[], label: string): GpuTensor =>
    ctx.upload(new Float32Array(shapeSize(shape)).fill(Number.NaN), shape, label);

  it('forward (values and argmax) and backward match the reference on every case', async () => {
    for (const c of CASES) {
      const name = JSON.stringify(c);
      const xs = c.ties ? randomF32(shapeSize(c.x)).map((v) => Math.floor(v * 2)) : randomF32(shapeSize(c.x));
      const want = ref.maxPoolForward(t64(xs, c.x), c.attrs);
      const dys = randomF32(want.y.data.length);
      const wantDx = ref.maxPoolBackward(c.x, want.indices, t64(dys, want.y.shape));

      const x = ctx.upload(xs, c.x, 'X');
      const yShape = [...want.y.shape];
      const sentinel = ctx.upload(new Int32Array(want.indices.length).fill(-7), yShape, 'indices');
      const { y, indices } = maxPoolForward(ctx, x, c.attrs, { y: poisoned(yShape, 'Y'), indices: sentinel });
      expect(y.shape, name).toEqual(yShape);
      const fy = maxRelError(await ctx.read(y), want.y.data, 1);
      expect(fy.err, `${name}: Y at ${fy.index}`).toBeLessThan(FWD_TOL);
      expect(Array.from(await ctx.readTyped(indices!)), `${name}: indices`).toEqual(Array.from(want.indices));
      const dy = ctx.upload(dys, yShape, 'dY');
      const dx = maxPoolBackward(ctx, c.x, indices!, dy, c.attrs, poisoned(c.x, 'dX'));
      const bx = maxRelError(await ctx.read(dx), wantDx.data, 1);
      expect(bx.err, `${name}: dX at ${bx.index}`).toBeLessThan(BWD_TOL);
      for (const t of [x, y, indices!, dy, dx]) ctx.release(t);
    }
  });

  it('propagates NaN like the reference, skips indices on request, and validates shapes', async () => {
    const xs = new Float32Array([1, 2, 3, 4, Number.NaN, 6, 7, 8, 9]);
    const attrs: Pool2dAttrs = { kernelShape: [2, 2] };
    const want = ref.maxPoolForward(t64(xs, [1, 1, 3, 3]), attrs);
    const x = ctx.upload(xs, [1, 1, 3, 3], 'X');
    const { y, indices } = maxPoolForward(ctx, x, attrs);
    expect(Array.from(await ctx.read(y))).toEqual(Array.from(want.y.data));
    expect(Array.from(await ctx.readTyped(indices!))).toEqual(Array.from(want.indices));
    const plain = maxPoolForward(ctx, x, { kernelShape: [3, 3] }, { indices: false });
    expect(plain.indices).toBeUndefined();
    expect(plain.y.shape).toEqual([1, 1, 1, 1]);
    expect(() => maxPoolForward(ctx, x, { kernelShape: [2, 2], pads: [2, 0, 0, 0] })).toThrow(
      'MaxPool: pads [2,0,0,0] must be smaller than the dilated kernel 2×2',
    );
    expect(() => maxPoolBackward(ctx, [1, 1, 3, 3], indices!, x, attrs)).toThrow(
      'MaxPool backward: dY shape [1,1,3,3] ≠ output shape [1,1,2,2]',
    );
    expect(() => maxPoolBackward(ctx, [1, 1, 3, 3], y, y, attrs)).toThrow(
      'MaxPool backward: indices has dtype f32, expected i32',
    );
    for (const t of [x, y, indices!, plain.y]) ctx.release(t);
  });
});
