// Conv kernel routing and split-K planning (pure functions; the GPU tests run each path against the reference).
import { describe, expect, it } from 'vitest';
import { conv2dGeometry } from './conv2d.ref.ts';
import { chooseSplitK, conv2dPath } from './conv2d-plan.ts';

describe('conv2d plan', () => {
  it('routes 1×1 stride-1 unpadded ungrouped convs to matmul and group = C convs to depthwise', () => {
    expect(conv2dPath(conv2dGeometry([2, 8, 5, 5], [6, 8, 1, 1]))).toBe('pointwise-matmul');
    expect(conv2dPath(conv2dGeometry([2, 8, 5, 5], [6, 8, 1, 1], { strides: [2, 2] }))).toBe('implicit-gemm');
    expect(conv2dPath(conv2dGeometry([2, 8, 5, 5], [6, 8, 1, 1], { pads: [0, 0, 1, 0] }))).toBe(
      'implicit-gemm',
    );
    expect(conv2dPath(conv2dGeometry([2, 8, 5, 5], [8, 4, 1, 1], { group: 2 }))).toBe('implicit-gemm');
    expect(conv2dPath(conv2dGeometry([2, 8, 5, 5], [8, 1, 3, 3], { group: 8 }))).toBe('depthwise');
    expect(conv2dPath(conv2dGeometry([2, 8, 5, 5], [16, 1, 3, 3], { group: 8 }))).toBe('depthwise');
    expect(conv2dPath(conv2dGeometry([2, 1, 5, 5], [4, 1, 3, 3]))).toBe('implicit-gemm');
  });

  it('splits long dW reductions only when the output tiles are few', () => {
    expect(chooseSplitK(1, 468)).toEqual({ splits: 3, kc: 160 }); // the GPU test's split-K case
    expect(chooseSplitK(1, 162)).toEqual({ splits: 1, kc: 176 }); // too short to split
    expect(chooseSplitK(300, 1_000_000).splits).toBe(1); // enough tiles already
    expect(chooseSplitK(1, 32 * 112 * 112)).toEqual({ splits: 64, kc: 6272 }); // MobileNetV2 stem dW at batch 32
    expect(chooseSplitK(1, 1_000_000, 2048).splits).toBe(31); // group × splits ≤ 65535
  });
});
