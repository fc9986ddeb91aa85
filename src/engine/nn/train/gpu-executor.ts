// Runs a compiled schedule on the GPU: persistent buffers for params and optimizer state, the liveness plan's
// slots for everything else (no per-step allocation), a whole training step recorded into one submit, and
// loss/accuracy read back asynchronously only every N steps.
import type { GpuContext } from '../../gpu/context.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { clipGradGlobalNorm } from '../../kernels/optim-update/clip-grad-norm.ts';
import { adamwUpdate, sgdUpdate } from '../../kernels/optim-update/optim-update.ts';
import { softmaxCrossEntropy } from '../../kernels/softmax-cross-entropy/softmax-cross-entropy.ts';
import type { Graph } from '../graph/ir.ts';
import { type BufferPlan, planSlots } from '../plan/buffer-plan.ts';
import { storageRoot } from '../plan/liveness.ts';
import {
  gradName,
  PLANNED_KINDS,
  type Schedule,
  type Step,
  type TensorSpec,
} from '../plan/schedule-types.ts';
import { GPU_LAUNCHERS } from './gpu-ops.ts';

/** Ops the executor records itself (loss and optimizer), besides the launcher table. */
const BUILTIN = new Set(['SoftmaxCrossEntropy', 'ClipGradNorm', 'SgdUpdate', 'AdamWUpdate']);

/** Steps whose op has no GPU launcher yet, as "Op (node 'name')" strings; empty when the schedule can run. */
export function missingGpuOps(s: Schedule): string[] {
  const missing: string[] = [];
  for (const step of s.steps) {
    if (!BUILTIN.has(step.op) && !GPU_LAUNCHERS[step.op]) missing.push(`${step.op} (node '${step.node}')`);
  }
  return missing;
}

export interface GpuExecutorOptions {
  /** Read loss/accuracy back every this many steps (default 10). */
  readEvery?: number;
  dropoutSeed?: number;
}

export interface GpuStepResult {
  /** Loss and hits of this step, read back asynchronously; null on steps between reads. */
  metrics: Promise<GpuStepMetrics> | null;
}

export interface GpuStepMetrics {
  step: number;
  loss: number;
  correct: number;
}

export class GpuExecutor {
  /** The slot plan realised by this executor (its peak report is what the GPU holds for one step). */
  readonly plan: BufferPlan;
  private readonly tensors = new Map<string, GpuTensor>();
  private readonly owned: GpuTensor[] = [];
  private steps = 0;
  private adamSteps = 0;
  private readonly readEvery: number;

  private constructor(
    private readonly ctx: GpuContext,
    readonly schedule: Schedule,
    graph: Graph,
    private readonly opts: GpuExecutorOptions,
  ) {
    this.readEvery = opts.readEvery ?? 10;
    this.plan = planSlots(schedule);
    const slots = this.plan.arenas.map((bytes, i) => {
      const t = ctx.empty([bytes / 4], 'f32', `${schedule.mode} slot ${i}`);
      this.owned.push(t);
      return t;
    });
    const view = (spec: TensorSpec, buffer: GPUBuffer): GpuTensor => ({
      buffer,
      shape: [...spec.shape],
      dtype: spec.dtype,
      size: spec.shape.reduce((a, b) => a * b, 1),
    });
    for (const spec of schedule.tensors.values()) {
      if (spec.aliasOf || PLANNED_KINDS.has(spec.kind)) continue;
      const p = graph.params.get(spec.name);
      let t: GpuTensor;
      if (p) t = ctx.upload(p.data, [...spec.shape], spec.name);
      else if (spec.dtype === 'f32')
        t = ctx.upload(new Float32Array(sizeOf(spec.shape)), [...spec.shape], spec.name);
      else if (spec.dtype === 'u32')
        t = ctx.upload(new Uint32Array(sizeOf(spec.shape)), [...spec.shape], spec.name);
      else t = ctx.upload(new Int32Array(sizeOf(spec.shape)), [...spec.shape], spec.name);
      this.owned.push(t);
      this.tensors.set(spec.name, t);
    }
    for (const spec of schedule.tensors.values()) {
      const root = storageRoot(schedule, spec.name);
      const placed = this.plan.placements.get(root);
      if (placed) this.tensors.set(spec.name, view(spec, slots[placed.arena].buffer));
      else if (spec.aliasOf) this.tensors.set(spec.name, view(spec, this.tensors.get(root)!.buffer));
    }
  }

  /** Checks every step has a launcher (throws naming the ops and nodes that do not), then allocates all buffers. */
  static create(
    ctx: GpuContext,
    schedule: Schedule,
    graph: Graph,
    opts: GpuExecutorOptions = {},
  ): GpuExecutor {
    const missing = missingGpuOps(schedule);
    if (missing.length) throw new Error(`GPU executor: no GPU launcher for ${missing.join(', ')}`);
    return new GpuExecutor(ctx, schedule, graph, opts);
  }

  /** The input batch tensor: GPU preprocessing writes here directly; `step`/`forward` can also take host data. */
  get input(): GpuTensor {
    return this.tensors.get(this.schedule.input)!;
  }

  tensor(name: string): GpuTensor {
    const t = this.tensors.get(name);
    if (!t) throw new Error(`GPU executor: no tensor '${name}' in the schedule`);
    return t;
  }

  private write(t: GpuTensor, data: Float32Array | Uint32Array): void {
    if (data.length !== t.size)
      throw new Error(`GPU executor: ${data.length} values for '${t.buffer.label}' (${t.size})`);
    this.ctx.device.queue.writeBuffer(t.buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  }

  private record(step: Step, si: number, lr: number, scratch: GpuTensor[]): void {
    const get = (n: string) => (n ? this.tensor(n) : undefined);
    const ctx = this.ctx;
    switch (step.op) {
      case 'SoftmaxCrossEntropy': {
        softmaxCrossEntropy(
          ctx,
          this.tensor(step.inputs[0]),
          this.tensor(step.inputs[1]),
          { labelSmoothing: step.attrs.labelSmoothing as number },
          { loss: get(step.outputs[0]), correct: get(step.outputs[1]), dLogits: get(step.outputs[2]) },
        );
        return;
      }
      case 'ClipGradNorm':
        scratch.push(
          clipGradGlobalNorm(
            ctx,
            step.inputs.map((n) => this.tensor(n)),
            step.attrs.maxNorm as number,
          ),
        );
        return;
      case 'SgdUpdate': {
        const spec = this.schedule.optimizer;
        if (spec?.kind !== 'sgd') throw new Error(`GPU executor: ${step.node} needs an SGD schedule`);
        sgdUpdate(ctx, this.tensor(step.inputs[0]), this.tensor(step.inputs[1]), get(step.inputs[2] ?? ''), {
          lr,
          lrMult: step.attrs.lrMult as number,
          momentum: spec.momentum,
          nesterov: spec.nesterov,
          weightDecay: (step.attrs.weightDecay as number | undefined) ?? spec.weightDecay,
        });
        return;
      }
      case 'AdamWUpdate': {
        const spec = this.schedule.optimizer;
        if (spec?.kind !== 'adamw') throw new Error(`GPU executor: ${step.node} needs an AdamW schedule`);
        const [p, g, m, v] = step.inputs.map((n) => this.tensor(n));
        adamwUpdate(ctx, p, g, m, v, {
          lr,
          lrMult: step.attrs.lrMult as number,
          step: this.adamSteps,
          beta1: spec.beta1,
          beta2: spec.beta2,
          epsilon: spec.epsilon,
          weightDecay: (step.attrs.weightDecay as number | undefined) ?? spec.weightDecay,
        });
        return;
      }
    }
    const launcher = GPU_LAUNCHERS[step.op];
    if (!launcher) throw new Error(`GPU executor: no GPU launcher for ${step.op} (node '${step.node}')`);
    const seed = ((this.opts.dropoutSeed ?? 0) + this.steps * 7919 + si) >>> 0;
    try {
      launcher({ ctx, step, ins: step.inputs.map(get), outs: step.outputs.map(get), seed, scratch });
    } catch (e) {
      throw new Error(`GPU executor: step ${si} ${step.op} '${step.node}': ${(e as Error).message}`);
    }
  }

  private async runSteps(phases: ReadonlySet<Step['phase']>, lr: number, upto = Infinity): Promise<void> {
    const scratch: GpuTensor[] = [];
    this.schedule.steps.forEach((step, si) => {
      if (phases.has(step.phase) && si <= upto) this.record(step, si, lr, scratch);
    });
    // Scratch released before the submit stays quarantined until it, so no later write can race these reads.
    for (const t of scratch) this.ctx.release(t);
    await this.ctx.flush();
  }

  /**
   * One training step, recorded into a single submit (given a context whose maxDispatchesPerFlush covers the
   * schedule). Every `readEvery` steps `metrics` is a promise of that step's loss and top-1 hits, else null. The
   * promise sits inside an object on purpose: awaiting `step` must not also wait for the readback.
   */
  async step(labels: Uint32Array, lr: number, input?: Float32Array): Promise<GpuStepResult> {
    const s = this.schedule;
    if (s.purpose !== 'train' || !s.labels || !s.loss || !s.correct)
      throw new Error('GPU executor: an eval schedule cannot train');
    if (input) this.write(this.input, input);
    this.write(this.tensor(s.labels), labels);
    if (s.optimizer?.kind === 'adamw') this.adamSteps++;
    await this.runSteps(new Set(['forward', 'loss', 'backward', 'optimizer']), lr);
    this.steps++;
    if (this.steps % this.readEvery !== 0) return { metrics: null };
    const step = this.steps;
    const [loss, correct] = [this.tensor(s.loss), this.tensor(s.correct)];
    return {
      metrics: Promise.all([this.ctx.read(loss), this.ctx.read(correct)]).then(([l, c]) => ({
        step,
        loss: l[0],
        correct: c[0],
      })),
    };
  }

  /**
   * Names of the tensors that make up the training state (params, BatchNorm running stats, optimizer state):
   * what a checkpoint must hold to resume exactly.
   */
  stateTensors(): string[] {
    const kinds = new Set(['param', 'running-stat', 'optim-state']);
    return [...this.schedule.tensors.values()]
      .filter((t) => kinds.has(t.kind) && !t.aliasOf)
      .map((t) => t.name);
  }

  /** Optimizer steps taken (AdamW's bias correction depends on it); restored with the rest of a checkpoint. */
  get optimizerSteps(): number {
    return this.adamSteps;
  }

  set optimizerSteps(n: number) {
    if (!Number.isInteger(n) || n < 0) throw new Error(`GPU executor: optimizer steps must be ≥ 0, got ${n}`);
    this.adamSteps = n;
  }

  /** Overwrites a persistent tensor (restoring a checkpoint); the length must match. */
  writeState(name: string, data: Float32Array): void {
    const spec = this.schedule.tensors.get(name);
    if (!spec || PLANNED_KINDS.has(spec.kind))
      throw new Error(`GPU executor: '${name}' is not a persistent tensor of this schedule`);
    this.write(this.tensor(name), data);
  }

  /**
   * Debugging aid: runs forward/loss/backward steps 0..`upto` (no optimizer) and reads the outputs of step `upto`,
   * whose slots no later step has reused yet. Params are not changed except BatchNorm running stats.
   */
  async trace(labels: Uint32Array, input: Float32Array, upto: number): Promise<Map<string, Float32Array>> {
    this.write(this.input, input);
    if (this.schedule.labels) this.write(this.tensor(this.schedule.labels), labels);
    await this.runSteps(new Set(['forward', 'loss', 'backward']), 0, upto);
    const out = new Map<string, Float32Array>();
    for (const t of this.schedule.steps[upto]?.outputs ?? [])
      if (t) out.set(t, await this.ctx.read(this.tensor(t)));
    return out;
  }

  /** Forward only (eval schedules): the logits, read back. */
  async forward(input?: Float32Array): Promise<Float32Array> {
    if (input) this.write(this.input, input);
    await this.runSteps(new Set(['forward']), 0);
    return this.ctx.read(this.tensor(this.schedule.logits));
  }

  /** A persistent tensor (param, running stat, optimizer state) read back, e.g. for export or tests. */
  readParam(name: string): Promise<Float32Array> {
    return this.ctx.read(this.tensor(name));
  }

  /** Gradient of a trainable param from the last step (valid until the next step reuses its slot). */
  readGrad(name: string): Promise<Float32Array> {
    return this.ctx.read(this.tensor(gradName(name)));
  }

  dispose(): void {
    for (const t of this.owned) this.ctx.release(t);
    this.owned.length = 0;
    this.tensors.clear();
  }
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
