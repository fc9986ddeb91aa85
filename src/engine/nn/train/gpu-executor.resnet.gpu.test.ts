// Opt-in (WEBCLAS_HEAVY_GPU=1, Node/Dawn only; ~5 min on SwiftShader): one full clipped SGD step of the real
// resnet18-bn graph (20 train-mode BatchNorms, residuals) at 2×3×48×48 on the GPU vs the CPU executor.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { gpuSkipped, requireGpu } from '../../gpu/testing.ts';
import { importOnnx } from '../../onnx/import.ts';
import { withInputSize } from '../plan/compile.ts';
import { compareStep } from './testing/compare-step.ts';

const heavy =
  typeof process !== 'undefined' && typeof process.env === 'object' && process.env.WEBCLAS_HEAVY_GPU === '1';

describe.skipIf(gpuSkipped || !heavy)('GPU executor on resnet18-bn', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), {
      label: 'resnet train test',
      maxDispatchesPerFlush: 100_000,
    });
  });
  afterAll(() => ctx?.destroy());

  // 48×48 leaves layer4 2×2 maps, so each BatchNorm normalises ≥ 8 values per channel; at 32×32 (2 values) 1/σ
  // reaches ~250 and amplifies float32 rounding past the tolerance (found with the executors' `trace`).
  it('one full SGD step (momentum, clipped) matches the CPU executor', async () => {
    const { readShared } = await import('../../onnx/testing/shared.ts');
    const { graph } = importOnnx(readShared('models/arch/resnet18-bn-random.onnx'), 'resnet18-bn');
    await compareStep(ctx, withInputSize(graph, 48, 48), { kind: 'sgd', momentum: 0.9 }, 2);
  }, 900_000);
});
