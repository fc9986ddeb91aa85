// Test helper shared by the conv2d GPU tests: one case's forward, dX, dW and dB against the float64 reference on
// fresh random inputs (forward rel 1e-4, gradients rel 1e-3, floor 1), outputs NaN-poisoned first, and no
// buffer left behind (split-K scratch and uniforms go back to the pool).
import { expect } from 'vitest';
import type { GpuContext } from '../../../gpu/context.ts';
import { type GpuTensor, shapeSize } from '../../../gpu/tensor.ts';
import { maxRelError, randomF32 } from '../../../gpu/testing.ts';
import type { Tensor64 } from '../../../nn/ref/tensor64.ts';
import * as ref from '../conv2d.ref.ts';
import { conv2dBackward, conv2dForward } from '../conv2d.ts';

export const FWD_TOL = 1e-4;
export const BWD_TOL = 1e-3;

export interface ConvCase {
  name: string;
  x: number[];
  w: number[];
  bias: boolean;
  attrs: ref.Conv2dAttrs;
}

export const t64 = (data: Float32Array, shape: readonly number[]): Tensor64 => ({
  data: Float64Array.from(data),
  shape: [...shape],
});

/** A GPU tensor equals a float64 reference in shape and within `tol` (relative, floor 1). */
export async function expectTensorClose(
  ctx: GpuContext,
  t: GpuTensor,
  want: Tensor64,
  tol: number,
  what: string,
): Promise<void> {
  expect(t.shape, what).toEqual(want.shape);
  const { err, index } = maxRelError(await ctx.read(t), want.data, 1);
  expect(err, `${what} at ${index}`).toBeLessThan(tol);
}

export async function expectConvCaseMatches(ctx: GpuContext, c: ConvCase): Promise<void> {
  const poisoned = (shape: number[], label: string): GpuTensor =>
    ctx.upload(new Float32Array(shapeSize(shape)).fill(Number.NaN), shape, label);
  const expectClose = (t: GpuTensor, want: Tensor64, tol: number, what: string) =>
    expectTensorClose(ctx, t, want, tol, what);
  const live = ctx.pool.stats().liveBuffers;
  const xs = randomF32(shapeSize(c.x));
  const ws = randomF32(shapeSize(c.w));
  const bs = c.bias ? randomF32(c.w[0]) : undefined;
  const x64 = t64(xs, c.x);
  const w64 = t64(ws, c.w);
  const want = ref.conv2dForward(x64, w64, bs ? t64(bs, [c.w[0]]) : null, c.attrs);
  const dys = randomF32(want.data.length);
  const grads = ref.conv2dBackward(x64, w64, t64(dys, want.shape), c.bias, c.attrs);

  const x = ctx.upload(xs, c.x, 'X');
  const w = ctx.upload(ws, c.w, 'W');
  const b = bs ? ctx.upload(bs, [c.w[0]], 'B') : undefined;
  const dy = ctx.upload(dys, [...want.shape], 'dY');
  const y = conv2dForward(ctx, x, w, b, c.attrs, poisoned([...want.shape], 'Y'));
  const outs = {
    dx: poisoned(c.x, 'dX'),
    dw: poisoned(c.w, 'dW'),
    db: c.bias ? poisoned([c.w[0]], 'dB') : false,
  };
  const g = conv2dBackward(ctx, x, w, dy, c.attrs, outs);
  await expectClose(y, want, FWD_TOL, `${c.name}: Y`);
  await expectClose(g.dx!, grads.dx, BWD_TOL, `${c.name}: dX`);
  await expectClose(g.dw!, grads.dw, BWD_TOL, `${c.name}: dW`);
  if (grads.db) await expectClose(g.db!, grads.db, BWD_TOL, `${c.name}: dB`);
  else expect(g.db, `${c.name}: dB`).toBeUndefined();
  for (const t of [x, w, b, dy, y, g.dx, g.dw, g.db]) if (t) ctx.release(t);
  expect(ctx.pool.stats().liveBuffers, `${c.name}: live buffers after release`).toBe(live);
}
