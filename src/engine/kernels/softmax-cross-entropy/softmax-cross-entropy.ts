// Fused softmax cross-entropy launchers on [N,K] logits: hard u32 labels with label smoothing, or soft f32 targets
// (Mixup/CutMix, distillation) with a temperature. Each writes the batch-mean loss [1], dLogits of that mean, and the
// top-1 correct count [1] (u32), all on the GPU: read them back asynchronously when needed.
import type { GpuContext } from '../../gpu/context.ts';
import { prepareOut, requireDType } from '../../gpu/kernel-helpers.ts';
import { formatShape, type GpuDType, type GpuTensor, sameShape } from '../../gpu/tensor.ts';
import { sceFinalizeWgsl, sceRowsWgsl, type TargetKind } from './softmax-cross-entropy.wgsl.ts';

export interface CrossEntropyOutputs {
  /** [1]: mean loss over the batch. */
  loss: GpuTensor;
  /** [N,K]: gradient of the mean loss. */
  dLogits: GpuTensor;
  /** [1] u32: rows whose logit argmax hits the label (soft targets: the targets' argmax). */
  correct: GpuTensor;
}

/** Pre-planned buffers; rowLoss [N] f32 and rowHit [N] u32 are per-row scratch (pooled when absent). */
export type CrossEntropyBuffers = Partial<CrossEntropyOutputs> & { rowLoss?: GpuTensor; rowHit?: GpuTensor };

function logitsDims(op: string, logits: GpuTensor): { n: number; k: number } {
  requireDType(op, logits, 'logits');
  if (logits.shape.length !== 2 || logits.shape[0] < 1 || logits.shape[1] < 1) {
    throw new Error(`${op}: logits must be [N,K] with N, K ≥ 1, got ${formatShape(logits.shape)}`);
  }
  return { n: logits.shape[0], k: logits.shape[1] };
}

function typedOut(
  ctx: GpuContext,
  op: string,
  name: string,
  shape: number[],
  dtype: GpuDType,
  given: GpuTensor | undefined,
  inputs: GpuTensor[],
): GpuTensor {
  if (!given) return ctx.empty(shape, dtype, `${op} ${name}`);
  requireDType(op, given, name, dtype);
  if (!sameShape(given.shape, shape)) {
    throw new Error(`${op}: ${name} has shape ${formatShape(given.shape)}, expected ${formatShape(shape)}`);
  }
  if (inputs.some((t) => t.buffer === given.buffer))
    throw new Error(`${op}: ${name} must not alias an input`);
  return given;
}

function record(
  ctx: GpuContext,
  op: string,
  kind: TargetKind,
  logits: GpuTensor,
  target: GpuTensor,
  eps: number,
  invTemp: number,
  bufs: CrossEntropyBuffers,
): CrossEntropyOutputs {
  const { n, k } = logitsDims(op, logits);
  const inputs = [logits, target];
  const dLogits = prepareOut(ctx, op, [n, k], bufs.dLogits, inputs);
  const loss = typedOut(ctx, op, 'loss', [1], 'f32', bufs.loss, [...inputs, dLogits]);
  const correct = typedOut(ctx, op, 'correct', [1], 'u32', bufs.correct, [...inputs, dLogits, loss]);
  const used = [...inputs, dLogits, loss, correct];
  const rowLoss = typedOut(ctx, op, 'rowLoss', [n], 'f32', bufs.rowLoss, used);
  const rowHit = typedOut(ctx, op, 'rowHit', [n], 'u32', bufs.rowHit, [...used, rowLoss]);
  const words = new Uint32Array(4);
  const floats = new Float32Array(words.buffer);
  words[0] = n;
  words[1] = k;
  floats[2] = eps;
  floats[3] = invTemp;
  const uniform = { uniform: words };
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({ key: `softmax-cross-entropy/rows/${kind}`, code: () => sceRowsWgsl(kind) }),
    bindings: [uniform, logits, target, dLogits, rowLoss, rowHit],
    workgroups: n,
    label: `${op} rows`,
  });
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({ key: 'softmax-cross-entropy/finalize', code: sceFinalizeWgsl }),
    bindings: [uniform, rowLoss, rowHit, loss, correct],
    workgroups: [1],
    label: `${op} mean`,
  });
  // Scratch from the pool goes back at once: the pool quarantines it until this batch is submitted.
  if (!bufs.rowLoss) ctx.release(rowLoss);
  if (!bufs.rowHit) ctx.release(rowHit);
  return { loss, dLogits, correct };
}

/** PyTorch semantics: target = (1−ε)·onehot + ε/K, loss averaged over the batch. Labels are u32 in [0, K). */
export function softmaxCrossEntropy(
  ctx: GpuContext,
  logits: GpuTensor,
  labels: GpuTensor,
  opts: { labelSmoothing?: number } = {},
  bufs: CrossEntropyBuffers = {},
): CrossEntropyOutputs {
  const op = 'softmaxCrossEntropy';
  const { n } = logitsDims(op, logits);
  requireDType(op, labels, 'labels', 'u32');
  if (!sameShape(labels.shape, [n])) {
    throw new Error(`${op}: labels shape ${formatShape(labels.shape)} ≠ [${n}] (one per row of logits)`);
  }
  const eps = opts.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw new Error(`${op}: label smoothing must be in [0, 1], got ${eps}`);
  return record(ctx, op, 'hard', logits, labels, eps, 1, bufs);
}

/** loss = mean_i −Σ_j t_ij·log softmax(z_i/T)_j; targets [N,K] ≥ 0 need not sum to 1 (see the reference). */
export function softTargetCrossEntropy(
  ctx: GpuContext,
  logits: GpuTensor,
  targets: GpuTensor,
  opts: { temperature?: number } = {},
  bufs: CrossEntropyBuffers = {},
): CrossEntropyOutputs {
  const op = 'softTargetCrossEntropy';
  logitsDims(op, logits);
  requireDType(op, targets, 'targets');
  if (!sameShape(targets.shape, logits.shape)) {
    throw new Error(
      `${op}: targets shape ${formatShape(targets.shape)} ≠ logits shape ${formatShape(logits.shape)}`,
    );
  }
  const temp = opts.temperature ?? 1;
  if (!(temp > 0) || !Number.isFinite(temp)) {
    throw new Error(`${op}: temperature must be a positive number, got ${temp}`);
  }
  return record(ctx, op, 'soft', logits, targets, 0, 1 / temp, bufs);
}
