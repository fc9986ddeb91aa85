// The row-chunked gradient reductions (depthwise dW, conv dB) vs the float64 reference on fresh random inputs:
// short sums written directly and long ones split into row chunks plus a split-sum pass, 3×3 and 5×5 taps,
// strides, dilations, asymmetric pads, a channel multiplier. Outputs are NaN-poisoned to catch unwritten elements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { type GpuTensor, shapeSize } from '../../gpu/tensor.ts';
import { gpuSkipped, randomF32, requireGpu } from '../../gpu/testing.ts';
import type { Tensor64 } from '../../nn/ref/tensor64.ts';
import * as ref from './conv2d.ref.ts';
import { conv2dBackward } from './conv2d.ts';
import { chooseReduceSplits, conv2dPath } from './conv2d-plan.ts';

/**
 * |gpu − ref| ≤ ABS + REL·Σ|terms| per element: a float32 sum of n terms is off by about eps·Σ|terms| (≈1e-7),
 * so this holds with a wide margin however the sum cancels, while one dropped or doubled average term (≈Σ|terms|/n,
 * n ≤ 10⁴ here) or a wrong tap is far outside it.
 */
const ABS = 1e-5;
const REL = 1e-5;

interface Case {
  name: string;
  x: number[];
  w: number[];
  attrs: ref.Conv2dAttrs;
  path: ReturnType<typeof conv2dPath>;
  /** Row splits the plan must choose for dW (depthwise only) and dB: proves which path the case exercises. */
  dwSplits?: number;
  dbSplits: number;
}

const CASES: Case[] = [
  {
    name: 'depthwise 3×3 pad 1, short sums',
    x: [2, 4, 8, 8],
    w: [4, 1, 3, 3],
    attrs: { group: 4, pads: [1, 1, 1, 1] },
    path: 'depthwise',
    dwSplits: 1,
    dbSplits: 1,
  },
  {
    name: 'depthwise 5×5 stride 2, dilated, asymmetric pads, ×2 multiplier',
    x: [2, 3, 33, 31],
    w: [6, 1, 5, 5],
    attrs: { group: 3, strides: [2, 2], dilations: [1, 2], pads: [2, 1, 3, 0] },
    path: 'depthwise',
    dwSplits: 1,
    dbSplits: 1,
  },
  {
    name: 'depthwise 3×3 stride 2 pad 1, long sums (2 splits)',
    x: [2, 3, 96, 96],
    w: [3, 1, 3, 3],
    attrs: { group: 3, strides: [2, 2], pads: [1, 1, 1, 1] },
    path: 'depthwise',
    dwSplits: 2,
    dbSplits: 2,
  },
  {
    name: 'depthwise 5×5 pad 2, long sums (4 splits)',
    x: [4, 2, 48, 48],
    w: [2, 1, 5, 5],
    attrs: { group: 2, pads: [2, 2, 2, 2] },
    path: 'depthwise',
    dwSplits: 4,
    dbSplits: 4,
  },
  {
    name: 'depthwise 3×3 pad 1, rows not a multiple of the splits',
    x: [3, 2, 45, 45],
    w: [2, 1, 3, 3],
    attrs: { group: 2, pads: [1, 1, 1, 1] },
    path: 'depthwise',
    dwSplits: 2,
    dbSplits: 2,
  },
  {
    name: 'implicit-GEMM conv, long dB (2 splits)',
    x: [2, 2, 50, 50],
    w: [3, 2, 3, 3],
    attrs: { pads: [1, 1, 1, 1] },
    path: 'implicit-gemm',
    dbSplits: 2,
  },
  {
    name: '1×1 conv, short dB',
    x: [2, 5, 6, 6],
    w: [7, 5, 1, 1],
    attrs: {},
    path: 'pointwise-matmul',
    dbSplits: 1,
  },
];

function t64(data: ArrayLike<number>, shape: readonly number[]): Tensor64 {
  return { data: Float64Array.from(data), shape: [...shape] };
}

function expectWithin(got: Float32Array, want: Tensor64, absSum: Tensor64, what: string): void {
  expect(got.length, what).toBe(want.data.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < got.length; i++) {
    const excess = Math.abs(got[i] - want.data[i]) / (ABS + REL * absSum.data[i]);
    if (!(excess <= worst)) {
      worst = excess;
      at = i;
    }
  }
  expect(worst, `${what}: worst at ${at} (got ${got[at]}, want ${want.data[at]})`).toBeLessThanOrEqual(1);
}

describe.skipIf(gpuSkipped)('conv2d gradient reductions on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'conv2d reduce test' });
  });
  afterAll(() => ctx?.destroy());

  const poisoned = (shape: number[], label: string): GpuTensor =>
    ctx.upload(new Float32Array(shapeSize(shape)).fill(Number.NaN), shape, label);

  it('dW and dB match the reference on short and row-split sums', async () => {
    for (const c of CASES) {
      const live = ctx.pool.stats().liveBuffers;
      const g = ref.conv2dGeometry(c.x, c.w, c.attrs);
      expect(conv2dPath(g), c.name).toBe(c.path);
      if (c.dwSplits !== undefined) {
        expect(chooseReduceSplits(shapeSize(c.w), g.n * g.oh, g.ow).splits, `${c.name}: dW splits`).toBe(
          c.dwSplits,
        );
      }
      expect(chooseReduceSplits(g.m, g.n * g.oh, g.ow).splits, `${c.name}: dB splits`).toBe(c.dbSplits);
      const yShape = [g.n, g.m, g.oh, g.ow];
      const xs = randomF32(shapeSize(c.x));
      const ws = randomF32(shapeSize(c.w));
      const dys = randomF32(shapeSize(yShape));
      const want = ref.conv2dBackward(t64(xs, c.x), t64(ws, c.w), t64(dys, yShape), true, c.attrs);
      // The same sums over |X|·|dY| bound each element's float32 rounding (see REL).
      const mag = ref.conv2dBackward(
        t64(xs.map(Math.abs), c.x),
        t64(ws, c.w),
        t64(dys.map(Math.abs), yShape),
        true,
        c.attrs,
      );

      const x = ctx.upload(xs, c.x, 'X');
      const w = ctx.upload(ws, c.w, 'W');
      const dy = ctx.upload(dys, yShape, 'dY');
      const grads = conv2dBackward(ctx, x, w, dy, c.attrs, {
        dx: false,
        dw: poisoned(c.w, 'dW'),
        db: poisoned([g.m], 'dB'),
      });
      expectWithin(await ctx.read(grads.dw!), want.dw, mag.dw, `${c.name}: dW`);
      expectWithin(await ctx.read(grads.db!), want.db!, mag.db!, `${c.name}: dB`);
      for (const t of [x, w, dy, grads.dw!, grads.db!]) ctx.release(t);
      // Split partials went back to the pool: nothing leaks per step.
      expect(ctx.pool.stats().liveBuffers, `${c.name}: live buffers after release`).toBe(live);
    }
  });
});
