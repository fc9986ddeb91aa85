// Runs a compiled schedule on the CPU in float64 with the reference ops and reference optimizers: the executable
// spec of a training step (forward, loss, backward, optimizer) that the GPU executor is tested against.
import type { Graph } from '../graph/ir.ts';
import { softmaxCrossEntropy } from '../losses/cross-entropy.ts';
import { AdamW } from '../optim/adamw.ts';
import { clipGradGlobalNorm } from '../optim/clip-grad.ts';
import type { ParamGroup } from '../optim/param-groups.ts';
import { Sgd } from '../optim/sgd.ts';
import { gradName, type Schedule, type Step } from '../plan/schedule-types.ts';
import type { Tensor64 } from '../ref/tensor64.ts';
import { runCpuOp } from './cpu-ops.ts';

export interface StepResult {
  loss: number;
  /** Top-1 hits in the batch. */
  correct: number;
}

export class CpuExecutor {
  /** Every persistent tensor by name (params, frozen params, constants, running stats), float64. */
  readonly params = new Map<string, Tensor64>();
  /** Gradients of the trainable params from the last `gradients` call, or the clipped ones `step` applied. */
  readonly grads = new Map<string, Float64Array>();
  private readonly optimizer: Sgd | AdamW | null = null;
  private stepCount = 0;

  constructor(
    readonly schedule: Schedule,
    graph: Graph,
    private readonly opts: { dropoutSeed?: number } = {},
  ) {
    for (const t of schedule.tensors.values()) {
      if (!['param', 'frozen-param', 'constant', 'running-stat'].includes(t.kind)) continue;
      const p = graph.params.get(t.name);
      if (!p) throw new Error(`cpu executor: schedule param '${t.name}' is not in graph '${graph.name}'`);
      this.params.set(t.name, { data: Float64Array.from(p.data), shape: [...p.shape] });
    }
    const spec = schedule.optimizer;
    if (spec) {
      const groups: ParamGroup[] = schedule.trainable.map((t) => ({
        params: [this.params.get(t.name)!.data],
        lrMult: t.lrMult,
        ...(t.weightDecay !== undefined ? { weightDecay: t.weightDecay } : {}),
      }));
      this.optimizer =
        spec.kind === 'sgd'
          ? new Sgd(groups, {
              momentum: spec.momentum,
              nesterov: spec.nesterov,
              weightDecay: spec.weightDecay,
            })
          : new AdamW(groups, {
              beta1: spec.beta1,
              beta2: spec.beta2,
              epsilon: spec.epsilon,
              weightDecay: spec.weightDecay,
            });
    }
  }

  /** Writes the current params (float32) back into a graph, e.g. before ONNX export. */
  writeBack(graph: Graph): void {
    for (const [name, t] of this.params) {
      const p = graph.params.get(name);
      if (p) graph.params.set(name, { ...p, data: Float32Array.from(t.data) });
    }
  }

  private run(
    input: Tensor64,
    labels: ArrayLike<number> | null,
    phases: ReadonlySet<Step['phase']>,
    commitRunningStats: boolean,
  ): { values: Map<string, Tensor64>; result: StepResult | null } {
    const s = this.schedule;
    const want = s.tensors.get(s.input)!.shape;
    if (input.shape.length !== want.length || input.shape.some((d, i) => d !== want[i]))
      throw new Error(`cpu executor: input shape [${input.shape}] ≠ schedule input '${s.input}' [${want}]`);
    const values = new Map<string, Tensor64>(this.params);
    values.set(s.input, input);
    let result: StepResult | null = null;
    s.steps.forEach((step, si) => {
      if (!phases.has(step.phase)) return;
      if (step.phase === 'loss') {
        if (!labels) throw new Error('cpu executor: a training schedule needs labels');
        result = this.loss(step, values, labels);
        return;
      }
      if (step.phase === 'optimizer') return;
      const ins = step.inputs.map((t) => {
        if (!t) return null;
        const v = values.get(t);
        if (!v)
          throw new Error(`cpu executor: step ${si} ${step.op} '${step.node}' reads '${t}' before it exists`);
        return v;
      });
      const outShapes = step.outputs.map((t) => (t ? [...s.tensors.get(t)!.shape] : []));
      const seed = ((this.opts.dropoutSeed ?? 0) + this.stepCount * 7919 + si) >>> 0;
      const outs = runCpuOp({ step, ins, outShapes, seed });
      step.outputs.forEach((t, i) => {
        if (!t) return;
        const v = outs[i];
        if (!v) throw new Error(`cpu executor: ${step.op} '${step.node}' produced no output ${i} ('${t}')`);
        values.set(t, v);
      });
      if (commitRunningStats && step.op === 'BatchNormalization' && step.attrs.mode === 'train') {
        this.params.get(step.inputs[3])!.data.set(outs[2]!.data);
        this.params.get(step.inputs[4])!.data.set(outs[3]!.data);
      }
    });
    return { values, result };
  }

  private loss(step: Step, values: Map<string, Tensor64>, labels: ArrayLike<number>): StepResult {
    const logits = values.get(step.inputs[0])!;
    const { loss, dLogits } = softmaxCrossEntropy(logits, labels, {
      labelSmoothing: step.attrs.labelSmoothing as number,
    });
    const [n, k] = logits.shape;
    let correct = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (logits.data[i * k + j] > logits.data[i * k + best]) best = j;
      if (best === labels[i]) correct++;
    }
    values.set(step.outputs[2], dLogits);
    return { loss, correct };
  }

  /** Eval forward (eval schedules) or the train-mode forward: the logits. Running stats are not changed. */
  forward(input: Tensor64): Tensor64 {
    const { values } = this.run(input, null, new Set(['forward']), false);
    return values.get(this.schedule.logits)!;
  }

  /** Loss of a batch through the training forward (train-mode BatchNorm, no running-stat update). */
  lossOf(input: Tensor64, labels: ArrayLike<number>): number {
    return this.run(input, labels, new Set(['forward', 'loss']), false).result!.loss;
  }

  /** Every tensor's value after forward, loss and backward (for debugging against another executor). */
  trace(input: Tensor64, labels: ArrayLike<number>): Map<string, Tensor64> {
    return this.run(input, labels, new Set(['forward', 'loss', 'backward']), false).values;
  }

  /** Forward, loss and backward: fills `grads` with the trainable params' gradients. */
  gradients(input: Tensor64, labels: ArrayLike<number>, commitRunningStats = false): StepResult {
    const { values, result } = this.run(
      input,
      labels,
      new Set(['forward', 'loss', 'backward']),
      commitRunningStats,
    );
    this.grads.clear();
    for (const t of this.schedule.trainable) {
      const g = values.get(gradName(t.name));
      if (!g) throw new Error(`cpu executor: no gradient for trainable param '${t.name}'`);
      this.grads.set(t.name, Float64Array.from(g.data));
    }
    return result!;
  }

  /** One full training step at learning rate `lr`: forward, loss, backward, (clip), optimizer update. */
  step(input: Tensor64, labels: ArrayLike<number>, lr: number): StepResult {
    if (!this.optimizer) throw new Error('cpu executor: an eval schedule cannot train');
    const result = this.gradients(input, labels, true);
    const grads = this.schedule.trainable.map((t) => this.grads.get(t.name)!);
    const clip = this.schedule.steps.find((s) => s.op === 'ClipGradNorm');
    // In place, so `grads` then holds what the optimizer used, as the GPU executor's gradient buffers do.
    if (clip) clipGradGlobalNorm(grads, clip.attrs.maxNorm as number);
    this.optimizer.step(
      grads.map((g) => [g]),
      lr,
    );
    this.stepCount++;
    return result;
  }
}
