// One full SGD step of ../shared/models/arch/resnet18-bn-random.onnx through the GPU executor (float32, one submit)
// vs PyTorch's float64 step: loss, every updated weight, the update itself and the BatchNorm running stats within
// 1e-3 relative (summaries: Σv², Σv against Σ|v|, 16 sampled values against max(|v|, rms)).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../gpu/context.ts';
import { gpuSkipped, requireGpu } from '../gpu/testing.ts';
import { compileTrainSchedule, withInputSize } from '../nn/plan/compile.ts';
import { GpuExecutor } from '../nn/train/gpu-executor.ts';
import { importOnnx } from '../onnx/import.ts';
import goldenText from './resnet18-sgd-step.golden.json?raw';
import { parseResnetGolden, resnetInput, resnetStepMismatches } from './testing/resnet-step.ts';
import { sharedBytes } from './testing/shared-bytes.ts';

const RTOL = 1e-3;

describe.skipIf(gpuSkipped)('resnet18-bn-random: one SGD step on the GPU vs PyTorch', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    // The whole step is one submit: let the batcher hold every dispatch of it.
    ctx = await GpuContext.create(requireGpu(), { label: 'resnet18 golden', maxDispatchesPerFlush: 100_000 });
  });
  afterAll(() => ctx?.destroy());

  it('loss, updated weights and running stats equal torch after one step', async () => {
    const g = parseResnetGolden(goldenText);
    const [batch, , height, width] = g.input.shape;
    const bytes = await sharedBytes(g.model);
    const graph = withInputSize(importOnnx(bytes, 'resnet18-bn-random.onnx').graph, height, width);
    const schedule = compileTrainSchedule(graph, {
      batch,
      mode: 'full',
      labelSmoothing: g.recipe.labelSmoothing,
      optimizer: { kind: 'sgd', momentum: g.recipe.momentum, weightDecay: g.recipe.weightDecay },
    });
    expect(schedule.trainable.map((t) => t.name).sort()).toEqual(Object.keys(g.params).sort());
    // The executor uploads the graph's float32 params: those are the values before the step.
    const before = new Map([...graph.params].map(([k, p]) => [k, p.data]));
    const gpu = GpuExecutor.create(ctx, schedule, graph, { readEvery: 1 });
    try {
      const metrics = await (
        await gpu.step(Uint32Array.from(g.labels), g.recipe.lr, Float32Array.from(resnetInput(g)))
      ).metrics!;
      expect(Math.abs(metrics.loss - g.loss), `loss ${metrics.loss} vs ${g.loss}`).toBeLessThan(
        RTOL * g.loss,
      );
      const after = new Map<string, ArrayLike<number>>();
      for (const name of [...Object.keys(g.params), ...Object.keys(g.runningStats)]) {
        after.set(name, await gpu.readParam(name));
      }
      const bad = resnetStepMismatches(g, before, after, RTOL);
      expect(bad.length, bad.slice(0, 20).join('\n')).toBe(0);
    } finally {
      gpu.dispose();
    }
  }, 600_000);
});
