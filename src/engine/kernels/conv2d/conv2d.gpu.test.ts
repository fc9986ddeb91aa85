// Conv2d kernels (implicit GEMM, depthwise, 1×1 matmul path) vs the float64 reference, forward and backward, on
// fresh random inputs: strides, asymmetric pads, dilations, groups, auto_pad, bias, multi-tile GEMMs. Forward rel
// 1e-4, gradients rel 1e-3 (floor 1); every output buffer is NaN-poisoned first to catch unwritten elements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { shapeSize } from '../../gpu/tensor.ts';
import { gpuSkipped, randomF32, requireGpu } from '../../gpu/testing.ts';
import * as ref from './conv2d.ref.ts';
import { conv2dBackward, conv2dForward } from './conv2d.ts';
import { conv2dPath } from './conv2d-plan.ts';
import {
  BWD_TOL,
  type ConvCase,
  expectConvCaseMatches,
  expectTensorClose,
  FWD_TOL,
  t64,
} from './testing/conv-case.ts';

interface Case extends ConvCase {
  path: ReturnType<typeof conv2dPath>;
}

const CASES: Case[] = [
  {
    name: '3×3 pad 1',
    x: [2, 3, 6, 6],
    w: [4, 3, 3, 3],
    bias: true,
    attrs: { pads: [1, 1, 1, 1] },
    path: 'implicit-gemm',
  },
  {
    name: 'strided, dilated, asymmetric pads',
    x: [2, 4, 9, 8],
    w: [6, 4, 3, 2],
    bias: false,
    attrs: { strides: [2, 3], pads: [1, 0, 2, 1], dilations: [2, 1] },
    path: 'implicit-gemm',
  },
  {
    name: 'grouped, SAME_LOWER, stride 2',
    x: [2, 6, 7, 7],
    w: [4, 3, 3, 3],
    bias: true,
    attrs: { group: 2, strides: [2, 2], autoPad: 'SAME_LOWER' },
    path: 'implicit-gemm',
  },
  {
    name: 'multi-tile GEMM (M 162, N 70)',
    x: [2, 3, 9, 9],
    w: [70, 3, 3, 3],
    bias: true,
    attrs: { pads: [1, 1, 1, 1] },
    path: 'implicit-gemm',
  },
  {
    name: 'split-K dW (K 468 in 3 splits)',
    x: [3, 2, 13, 12],
    w: [3, 2, 3, 3],
    bias: false,
    attrs: { pads: [1, 1, 1, 1] },
    path: 'implicit-gemm',
  },
  {
    name: 'depthwise stride 2',
    x: [2, 5, 7, 7],
    w: [5, 1, 3, 3],
    bias: true,
    attrs: { group: 5, strides: [2, 2], pads: [1, 1, 1, 1] },
    path: 'depthwise',
  },
  {
    name: 'depthwise ×2 multiplier, dilated',
    x: [1, 3, 6, 5],
    w: [6, 1, 3, 3],
    bias: false,
    attrs: { group: 3, dilations: [2, 2], pads: [2, 1, 2, 2] },
    path: 'depthwise',
  },
  {
    name: 'depthwise 5×5, output rows of 11 (two whole spans of 4 and a partial one)',
    x: [2, 4, 9, 11],
    w: [4, 1, 5, 5],
    bias: true,
    attrs: { group: 4, pads: [2, 2, 2, 2] },
    path: 'depthwise',
  },
  {
    name: 'depthwise stride 2, output rows of 6',
    x: [1, 3, 11, 11],
    w: [3, 1, 3, 3],
    bias: false,
    attrs: { group: 3, strides: [2, 2], pads: [1, 1, 1, 1] },
    path: 'depthwise',
  },
  {
    name: '1×1 (H·W odd)',
    x: [2, 8, 5, 5],
    w: [6, 8, 1, 1],
    bias: true,
    attrs: {},
    path: 'pointwise-matmul',
  },
  {
    name: '1×1 (vec4 loads)',
    x: [2, 4, 4, 4],
    w: [8, 4, 1, 1],
    bias: false,
    attrs: {},
    path: 'pointwise-matmul',
  },
  {
    name: '1×1 stride 2',
    x: [1, 4, 5, 5],
    w: [3, 4, 1, 1],
    bias: true,
    attrs: { strides: [2, 2] },
    path: 'implicit-gemm',
  },
];

describe.skipIf(gpuSkipped)('conv2d kernels on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'conv2d test' });
  });
  afterAll(() => ctx?.destroy());

  it('forward and backward match the reference on every case', async () => {
    for (const c of CASES) {
      expect(conv2dPath(ref.conv2dGeometry(c.x, c.w, c.attrs)), c.name).toBe(c.path);
      await expectConvCaseMatches(ctx, c);
    }
  });

  it('allocates outputs when none are given, skips unwanted gradients, and validates shapes', async () => {
    const shape = { x: [1, 2, 4, 4], w: [3, 2, 3, 3] };
    const xs = randomF32(shapeSize(shape.x));
    const ws = randomF32(shapeSize(shape.w));
    const x = ctx.upload(xs, shape.x, 'X');
    const w = ctx.upload(ws, shape.w, 'W');
    const y = conv2dForward(ctx, x, w, undefined);
    const want = ref.conv2dForward(t64(xs, shape.x), t64(ws, shape.w), null);
    await expectTensorClose(ctx, y, want, FWD_TOL, 'allocated Y');
    const dys = randomF32(want.data.length);
    const dy = ctx.upload(dys, [...want.shape], 'dY');
    const g = conv2dBackward(ctx, x, w, dy, {}, { dx: false });
    expect(g.dx).toBeUndefined();
    expect(g.db).toBeUndefined();
    const grads = ref.conv2dBackward(t64(xs, shape.x), t64(ws, shape.w), t64(dys, want.shape), false);
    await expectTensorClose(ctx, g.dw!, grads.dw, BWD_TOL, 'allocated dW');

    const bad = ctx.upload(randomF32(3 * 3 * 9), [3, 3, 3, 3], 'W3');
    expect(() => conv2dForward(ctx, x, bad, undefined)).toThrow(
      'Conv: input channels 2 ≠ weight in-channels×group 3',
    );
    expect(() => conv2dForward(ctx, x, w, x)).toThrow('Conv: bias shape [1,2,4,4] ≠ [3] (output channels)');
    expect(() => conv2dBackward(ctx, x, w, x)).toThrow(
      'Conv backward: dY shape [1,2,4,4] ≠ output shape [1,3,2,2]',
    );
    expect(() => conv2dBackward(ctx, x, bad, dy)).toThrow(
      'Conv backward: input channels 2 ≠ weight in-channels×group 3',
    );
    expect(() => conv2dForward(ctx, x, w, undefined, {}, x)).toThrow(
      'Conv: out has shape [1,2,4,4], expected [1,3,2,2]',
    );
    for (const t of [x, w, y, dy, g.dw!, bad]) ctx.release(t);
  });
});
