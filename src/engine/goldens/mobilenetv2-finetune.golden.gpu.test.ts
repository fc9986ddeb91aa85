// The mobilenetv2 fine-tune golden through the GPU executor (float32, each step one submit) vs PyTorch's float64
// steps: both losses, every weight after two steps and the update itself within 1e-3 relative (an update also
// within 2 float32 ulps of its weight: the backbone's lr·grad is ~1e-4 of a weight, near float32's resolution).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../gpu/context.ts';
import { gpuSkipped, requireGpu } from '../gpu/testing.ts';
import { compileTrainSchedule } from '../nn/plan/compile.ts';
import { GpuExecutor } from '../nn/train/gpu-executor.ts';
import goldenText from './mobilenetv2-finetune-steps.golden.json?raw';
import { finetuneGraph, finetuneOptions, parseFinetuneGolden } from './testing/mobilenet-finetune.ts';
import { resnetInput, resnetStepMismatches } from './testing/resnet-step.ts';
import { sharedBytes } from './testing/shared-bytes.ts';

const RTOL = 1e-3;

describe.skipIf(gpuSkipped)('mobilenetv2-12-float: fine-tune steps on the GPU vs PyTorch', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), {
      label: 'mobilenetv2 golden',
      maxDispatchesPerFlush: 100_000,
    });
  });
  afterAll(() => ctx?.destroy());

  it('losses and the weights after two steps equal torch', async () => {
    const g = parseFinetuneGolden(goldenText);
    const graph = finetuneGraph(await sharedBytes(g.model), g);
    const schedule = compileTrainSchedule(graph, finetuneOptions(g));
    const before = new Map([...graph.params].map(([k, p]) => [k, p.data]));
    const gpu = GpuExecutor.create(ctx, schedule, graph, { readEvery: 1 });
    try {
      const input = Float32Array.from(resnetInput(g));
      const labels = Uint32Array.from(g.labels);
      for (const [i, want] of g.losses.entries()) {
        const { loss } = (await (await gpu.step(labels, g.recipe.lr, input)).metrics)!;
        expect(Math.abs(loss - want), `step ${i + 1} loss ${loss} vs ${want}`).toBeLessThan(RTOL * want);
      }
      const after = new Map<string, ArrayLike<number>>();
      for (const name of Object.keys(g.params)) after.set(name, await gpu.readParam(name));
      const bad = resnetStepMismatches(g, before, after, RTOL, 2);
      expect(bad.length, bad.slice(0, 20).join('\n')).toBe(0);
    } finally {
      gpu.dispose();
    }
  }, 600_000);
});
