// One training step of small graphs on the GPU vs the float64 CPU executor: gradients and updated weights within
// 1e-3 relative, one submit per step, no buffer allocated per step, and the eval forward's logits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { gpuSkipped, maxRelError, randomF32, requireGpu } from '../../gpu/testing.ts';
import type { Graph } from '../graph/ir.ts';
import { compileEvalSchedule } from '../plan/compile.ts';
import { GraphBuilder } from '../plan/testing/graph-builder.ts';
import { tensor64 } from '../ref/tensor64.ts';
import { CpuExecutor } from './cpu-executor.ts';
import { GpuExecutor } from './gpu-executor.ts';
import { compareStep, maxAbs } from './testing/compare-step.ts';

/** conv → BN → Clip → MaxPool → depthwise conv → residual Add → GAP → Gemm, with a Concat/Split branch. */
function tinyNet(): Graph {
  const b = new GraphBuilder('tiny', ['batch', 3, 8, 8]);
  // No conv bias before a train-mode BatchNorm (as exporters write it): its gradient is 0 up to rounding, which
  // AdamW would blow up to ±lr steps of random sign.
  let x = b.conv(b.input, 3, 4, 3, 1, 1, false);
  x = b.one('Clip', [b.bn(x, 4)], { min: 0, max: 6 });
  x = b.one('MaxPool', [x], { kernelShape: [2, 2], strides: [2, 2] });
  const [p, q] = b.node('Split', [x], { axis: 1 }, 2);
  const cat = b.one('Concat', [b.one('Relu', [b.conv(p, 2, 2, 1)]), q], { axis: 1 });
  const dw = b.conv(cat, 4, 4, 3, 1, 4);
  const sum = b.one('Add', [cat, dw]);
  return b.build(b.head(b.one('GlobalAveragePool', [sum]), 4, 3));
}

describe.skipIf(gpuSkipped)('GPU executor vs CPU executor', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'train test', maxDispatchesPerFlush: 10_000 });
  });
  afterAll(() => ctx?.destroy());

  // A max norm of 0.01 always clips here, so the clipped path is compared too.
  it('one full training step, SGD momentum + L2 + clipping', () =>
    compareStep(ctx, tinyNet(), { kind: 'sgd', momentum: 0.9, weightDecay: 1e-4 }, 4, 'full', 0.01));

  it('one full training step, AdamW', () =>
    compareStep(ctx, tinyNet(), { kind: 'adamw', weightDecay: 0.01 }, 4));

  it('head mode: only the classifier trains, BatchNorm frozen', () =>
    compareStep(ctx, tinyNet(), { kind: 'sgd', momentum: 0.9 }, 4, 'head'));

  it('eval forward equals the CPU executor (rel 1e-4)', async () => {
    const g = tinyNet();
    const s = compileEvalSchedule(g, 2);
    const x = randomF32(2 * 3 * 8 * 8);
    const want = new CpuExecutor(s, g).forward(tensor64([2, 3, 8, 8], Float64Array.from(x)));
    const gpu = GpuExecutor.create(ctx, s, g);
    try {
      const got = await gpu.forward(x);
      expect(maxRelError(got, want.data, 0.1 * maxAbs(want.data)).err).toBeLessThan(1e-4);
    } finally {
      gpu.dispose();
    }
  });
});
