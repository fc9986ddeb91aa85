// Two steps of the studio's full fine-tune recipe on ../shared/models/mobilenetv2-12-float.onnx (fresh 12-class
// head, backbone lr × 0.1, momentum 0.9, wd 1e-5, label smoothing 0.1; batch 2 at 48 px) through the CPU float64
// executor vs PyTorch's float64 steps. First proves torch ran the ONNX graph: its eval logits vs onnxruntime-web.
import { describe, expect, it } from 'vitest';
import { compileTrainSchedule } from '../nn/plan/compile.ts';
import { closeness } from '../nn/ref/gradcheck.ts';
import { tensor64 } from '../nn/ref/tensor64.ts';
import { CpuExecutor } from '../nn/train/cpu-executor.ts';
import { readShared } from '../onnx/testing/shared.ts';
import goldenText from './mobilenetv2-finetune-steps.golden.json?raw';
import { finetuneGraph, finetuneOptions, parseFinetuneGolden } from './testing/mobilenet-finetune.ts';
import { ortLogitsMismatch } from './testing/ort-logits.ts';
import { resnetInput, resnetStepMismatches } from './testing/resnet-step.ts';

const g = parseFinetuneGolden(goldenText);
/** Both sides are float64: only summation order differs. */
const RTOL = 1e-6;

describe('mobilenetv2-12-float: fine-tune steps vs PyTorch', () => {
  const bytes = readShared(g.model);
  const x = resnetInput(g);

  it("the golden's torch model is the ONNX graph: eval logits equal onnxruntime-web's", async () => {
    expect(await ortLogitsMismatch(bytes, g, x)).toBeNull();
  }, 60_000);

  it('CPU executor: losses and every weight after two steps (head lr × 1, backbone × 0.1) equal torch', () => {
    const graph = finetuneGraph(bytes, g);
    const schedule = compileTrainSchedule(graph, finetuneOptions(g));
    expect(schedule.trainable.map((t) => t.name).sort()).toEqual(Object.keys(g.params).sort());
    const head = new Set([g.head.weight, g.head.bias]);
    for (const t of schedule.trainable) expect(t.lrMult).toBe(head.has(t.name) ? 1 : g.recipe.backboneLrMult);
    const ex = new CpuExecutor(schedule, graph);
    const before = new Map([...ex.params].map(([k, t]) => [k, Float64Array.from(t.data)]));
    const losses = g.losses.map(() => ex.step(tensor64(g.input.shape, x), g.labels, g.recipe.lr).loss);
    expect(closeness(losses, g.losses, RTOL, 1e-12), `losses ${losses} vs ${g.losses}`).toBeNull();
    const after = new Map([...ex.params].map(([k, t]) => [k, t.data]));
    const bad = resnetStepMismatches(g, before, after, RTOL);
    expect(bad.length, bad.slice(0, 20).join('\n')).toBe(0);
  }, 300_000);
});
