// One full SGD step of ../shared/models/arch/resnet18-bn-random.onnx (batch 2, 3×48×48, train-mode BatchNorm,
// label smoothing 0.1, lr 0.1, momentum 0.9, wd 1e-4) through the CPU float64 executor vs PyTorch's float64 step.
// First proves the golden's torch model is the ONNX file: torch's eval logits vs onnxruntime-web on the file itself.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../nn/graph/ir.ts';
import { compileTrainSchedule, withInputSize } from '../nn/plan/compile.ts';
import { closeness } from '../nn/ref/gradcheck.ts';
import { tensor64 } from '../nn/ref/tensor64.ts';
import { CpuExecutor } from '../nn/train/cpu-executor.ts';
import { importOnnx } from '../onnx/import.ts';
import { readShared } from '../onnx/testing/shared.ts';
import goldenText from './resnet18-sgd-step.golden.json?raw';
import { ortLogitsMismatch } from './testing/ort-logits.ts';
import { parseResnetGolden, resnetInput, resnetStepMismatches } from './testing/resnet-step.ts';

const g = parseResnetGolden(goldenText);
const [batch, , height, width] = g.input.shape;
/** Both sides are float64: only summation order differs (torch's conv algorithms vs plain loops). */
const RTOL = 1e-6;

describe('resnet18-bn-random: one SGD step vs PyTorch', () => {
  let bytes: Uint8Array;
  let graph: Graph;
  const x = resnetInput(g);
  beforeAll(() => {
    bytes = readShared(g.model);
    graph = withInputSize(importOnnx(bytes, 'resnet18-bn-random.onnx').graph, height, width);
  });

  it("the golden's torch model is the ONNX graph: eval logits equal onnxruntime-web's", async () => {
    expect(await ortLogitsMismatch(bytes, g, x)).toBeNull();
  }, 60_000);

  it('CPU executor: loss, updated weights and BatchNorm running stats equal torch after one step', () => {
    const schedule = compileTrainSchedule(graph, {
      batch,
      mode: 'full',
      labelSmoothing: g.recipe.labelSmoothing,
      optimizer: { kind: 'sgd', momentum: g.recipe.momentum, weightDecay: g.recipe.weightDecay },
    });
    // Every torch parameter is trained by the engine, and nothing else is.
    expect(schedule.trainable.map((t) => t.name).sort()).toEqual(Object.keys(g.params).sort());
    const ex = new CpuExecutor(schedule, graph);
    const before = new Map([...ex.params].map(([k, t]) => [k, Float64Array.from(t.data)]));
    const r = ex.step(tensor64(g.input.shape, x), g.labels, g.recipe.lr);
    expect(closeness([r.loss], [g.loss], RTOL, 1e-12), `loss ${r.loss} vs ${g.loss}`).toBeNull();
    const after = new Map([...ex.params].map(([k, t]) => [k, t.data]));
    const bad = resnetStepMismatches(g, before, after, RTOL);
    expect(bad.length, bad.slice(0, 20).join('\n')).toBe(0);
  }, 120_000);
});
