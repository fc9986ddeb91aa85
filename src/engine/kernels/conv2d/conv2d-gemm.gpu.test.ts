// The barrier-free implicit-GEMM paths vs the float64 reference on fresh random inputs: channel and pixel counts
// off the 8 × 8 register block, groups with a few channels each, stride 2, dilation, asymmetric pads, and split-K dW
// with groups and a short last split. Forward rel 1e-4, gradients rel 1e-3 (floor 1); outputs NaN-poisoned first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { type GpuTensor, shapeSize } from '../../gpu/tensor.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import type { Tensor64 } from '../../nn/ref/tensor64.ts';
import * as ref from './conv2d.ref.ts';
import { conv2dBackward, conv2dForward } from './conv2d.ts';
import { chooseSplitK, conv2dPath } from './conv2d-plan.ts';
import { GEMM_COLS, GEMM_ROWS, gemmWorkgroups } from './implicit-gemm.wgsl.ts';

const FWD_TOL = 1e-4;
const BWD_TOL = 1e-3;

interface Case {
  name: string;
  x: number[];
  w: number[];
  bias: boolean;
  attrs: ref.Conv2dAttrs;
  /** dW K splits the plan must choose: proves whether the case runs split-K. */
  dwSplits: number;
}

const CASES: Case[] = [
  {
    name: '11 channels × 189 pixels (both off the block), pad 1',
    x: [3, 5, 7, 9],
    w: [11, 5, 3, 3],
    bias: true,
    attrs: { pads: [1, 1, 1, 1] },
    dwSplits: 1,
  },
  {
    name: '3 groups of 3, stride 2, dilated, asymmetric pads',
    x: [2, 6, 8, 7],
    w: [9, 2, 3, 3],
    bias: true,
    attrs: { group: 3, strides: [2, 2], dilations: [1, 2], pads: [0, 1, 1, 0] },
    dwSplits: 1,
  },
  {
    name: 'MobileNetV2-like stem: 3 → 17, 3×3 stride 2 pad 1',
    x: [2, 3, 15, 14],
    w: [17, 3, 3, 3],
    bias: false,
    attrs: { strides: [2, 2], pads: [1, 1, 1, 1] },
    dwSplits: 1,
  },
  {
    name: 'split-K dW with 2 groups (K 1600 in 12 splits, the last one short)',
    x: [4, 4, 20, 20],
    w: [4, 2, 3, 3],
    bias: false,
    attrs: { group: 2, pads: [1, 1, 1, 1] },
    dwSplits: 12,
  },
  {
    name: 'split-K dW, 1×1 stride 2 (no pointwise matmul), 13 → 10 channels',
    x: [3, 13, 31, 30],
    w: [10, 13, 1, 1],
    bias: true,
    attrs: { strides: [2, 2] },
    dwSplits: 5,
  },
];

function t64(data: Float32Array, shape: readonly number[]): Tensor64 {
  return { data: Float64Array.from(data), shape: [...shape] };
}

describe.skipIf(gpuSkipped)('conv2d implicit GEMM on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'conv2d gemm test' });
  });
  afterAll(() => ctx?.destroy());

  const poisoned = (shape: number[], label: string): GpuTensor =>
    ctx.upload(new Float32Array(shapeSize(shape)).fill(Number.NaN), shape, label);

  async function expectClose(t: GpuTensor, want: Tensor64, tol: number, what: string): Promise<void> {
    expect(t.shape, what).toEqual(want.shape);
    const { err, index } = maxRelError(await ctx.read(t), want.data, 1);
    expect(err, `${what} at ${index}`).toBeLessThan(tol);
  }

  it('forward, dX, dW and dB match the reference off the block, with groups, strides and split-K', async () => {
    for (const c of CASES) {
      const g = ref.conv2dGeometry(c.x, c.w, c.attrs);
      expect(conv2dPath(g), c.name).toBe('implicit-gemm');
      const mpg = g.m / g.group;
      const gn = (g.c / g.group) * g.kh * g.kw;
      const plan = chooseSplitK(gemmWorkgroups(mpg, gn) * g.group, g.n * g.oh * g.ow, g.group);
      expect(plan.splits, `${c.name}: dW splits`).toBe(c.dwSplits);
      // At least one GEMM side is off the register block, so the clamped edge rows/columns are exercised.
      expect(mpg % GEMM_ROWS !== 0 || gn % GEMM_COLS !== 0, c.name).toBe(true);

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
      const gr = conv2dBackward(ctx, x, w, dy, c.attrs, outs);
      await expectClose(y, want, FWD_TOL, `${c.name}: Y`);
      await expectClose(gr.dx!, grads.dx, BWD_TOL, `${c.name}: dX`);
      await expectClose(gr.dw!, grads.dw, BWD_TOL, `${c.name}: dW`);
      if (grads.db) await expectClose(gr.db!, grads.db, BWD_TOL, `${c.name}: dB`);
      for (const t of [x, w, b, dy, y, gr.dx, gr.dw, gr.db]) if (t) ctx.release(t);
      expect(ctx.pool.stats().liveBuffers, `${c.name}: live buffers after release`).toBe(live);
    }
  });
});
