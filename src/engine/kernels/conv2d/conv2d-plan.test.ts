// Conv kernel routing and split-K planning (pure functions; the GPU tests run each path against the reference).
import { describe, expect, it } from 'vitest';
import { conv2dGeometry } from './conv2d.ref.ts';
import { chooseReduceSplits, chooseSplitK, conv2dPath } from './conv2d-plan.ts';
import { gemmWorkgroups } from './implicit-gemm.wgsl.ts';

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

  it('counts implicit-GEMM workgroups in 8 × 8 blocks of 64 and splits the stem dW from that count', () => {
    expect(gemmWorkgroups(32, 27)).toBe(1); // MobileNetV2 stem dW: 4 × 4 blocks
    expect(gemmWorkgroups(32, 8 * 48 * 48)).toBe(144); // its forward at 96 px, batch 8: 4 × 2304 blocks
    expect(gemmWorkgroups(160, 960)).toBe(38); // 20 × 120 blocks = 2400 → 37.5 workgroups
    expect(gemmWorkgroups(1, 1)).toBe(1);
    // Stem dW at 96 px, batch 8: K = 18432 in 64 splits of 288.
    expect(chooseSplitK(gemmWorkgroups(32, 27), 8 * 48 * 48)).toEqual({ splits: 64, kc: 288 });
  });

  it('keeps short dW/dB row reductions in one pass and chunks long ones into whole rows', () => {
    // MobileNetV2 depthwise 96×3×3 at 32 px, batch 2 (the bench's step): one pass, no scratch.
    expect(chooseReduceSplits(96 * 9, 2 * 16, 16)).toEqual({ splits: 1, rowsPerSplit: 32 });
    // A single short row still gets one split (never zero).
    expect(chooseReduceSplits(5, 1, 1)).toEqual({ splits: 1, rowsPerSplit: 1 });
    // 135 rows in 2 splits: the last chunk is shorter, and no split is empty.
    expect(chooseReduceSplits(18, 135, 45)).toEqual({ splits: 2, rowsPerSplit: 68 });
    // MobileNetV2 stem-block depthwise dW at 224 px, batch 32: 57 row chunks of 63 rows (≥ 16384 threads).
    expect(chooseReduceSplits(32 * 9, 32 * 112, 112)).toEqual({ splits: 57, rowsPerSplit: 63 });
    // Capped at 64 splits, and never more splits than rows.
    expect(chooseReduceSplits(1, 32 * 112, 112).splits).toBe(64);
    expect(chooseReduceSplits(1, 3, 100_000).splits).toBe(3);
  });
});
