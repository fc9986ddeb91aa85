// The barrier-free implicit-GEMM paths vs the float64 reference on fresh random inputs: channel and pixel counts
// off the 8 × 8 register block, groups with a few channels each, stride 2, dilation, asymmetric pads, and split-K dW
// with groups and a short last split. Forward rel 1e-4, gradients rel 1e-3 (floor 1); outputs NaN-poisoned first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { gpuSkipped, requireGpu } from '../../gpu/testing.ts';
import * as ref from './conv2d.ref.ts';
import { chooseSplitK, conv2dPath } from './conv2d-plan.ts';
import { GEMM_COLS, GEMM_ROWS, gemmWorkgroups } from './implicit-gemm.wgsl.ts';
import { type ConvCase, expectConvCaseMatches } from './testing/conv-case.ts';

interface Case extends ConvCase {
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

describe.skipIf(gpuSkipped)('conv2d implicit GEMM on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'conv2d gemm test' });
  });
  afterAll(() => ctx?.destroy());

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

      await expectConvCaseMatches(ctx, c);
    }
  });
});
