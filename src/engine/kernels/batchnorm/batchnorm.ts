// BatchNormalization launchers for training (batch statistics, running stats updated in place), eval and frozen
// modes, forward and backward. Saved statistics for backward are one [2,C] tensor: mean row, then 1/√(var+ε).
import type { GpuContext } from '../../gpu/context.ts';
import { prepareOut, requireDType } from '../../gpu/kernel-helpers.ts';
import { formatShape, type GpuTensor, sameShape } from '../../gpu/tensor.ts';
import type { BatchNormAttrs, BatchNormMode } from './batchnorm.ref.ts';
import {
  bnDxEvalWgsl,
  bnDxTrainWgsl,
  bnGradSumsWgsl,
  bnNormalizeWgsl,
  bnStatsEvalWgsl,
  bnStatsTrainWgsl,
  WORKGROUP_SIZE,
} from './batchnorm.wgsl.ts';

export interface BatchNormGpuParams {
  scale: GpuTensor;
  bias: GpuTensor;
  /** Updated in place by a train-mode forward (ONNX momentum convention, see batchnorm.ref.ts). */
  runningMean: GpuTensor;
  runningVar: GpuTensor;
}

interface Dims {
  n: number;
  c: number;
  spatial: number;
  count: number;
}

function dims(op: string, x: GpuTensor, named: [string, GpuTensor][]): Dims {
  requireDType(op, x, 'input X');
  if (x.shape.length < 2) {
    throw new Error(`${op}: input X must be at least 2-D [N,C,...], got ${formatShape(x.shape)}`);
  }
  const c = x.shape[1];
  for (const [name, t] of named) {
    requireDType(op, t, name);
    if (t.shape.length !== 1)
      throw new Error(`${op}: ${name} must be 1-D, got shape ${formatShape(t.shape)}`);
    if (t.shape[0] !== c) throw new Error(`${op}: ${name} length ${t.shape[0]} ≠ input channels ${c}`);
  }
  let spatial = 1;
  for (let i = 2; i < x.shape.length; i++) spatial *= x.shape[i];
  return { n: x.shape[0], c, spatial, count: x.shape[0] * spatial };
}

function uniform(d: Dims, total: number, attrs: BatchNormAttrs): Uint32Array<ArrayBuffer> {
  const words = new Uint32Array(8);
  const floats = new Float32Array(words.buffer);
  words.set([d.n, d.c, d.spatial, d.count]);
  floats[4] = attrs.epsilon ?? 1e-5;
  floats[5] = attrs.momentum ?? 0.9;
  words[6] = (attrs.runningVarUnbiased ?? true) ? 1 : 0;
  words[7] = total;
  return words;
}

function checkSaved(op: string, saved: GpuTensor, c: number): void {
  requireDType(op, saved, 'saved statistics');
  if (!sameShape(saved.shape, [2, c])) {
    throw new Error(`${op}: saved statistics have shape ${formatShape(saved.shape)}, expected [2,${c}]`);
  }
}

export function batchNormForward(
  ctx: GpuContext,
  x: GpuTensor,
  p: BatchNormGpuParams,
  mode: BatchNormMode,
  attrs: BatchNormAttrs = {},
  out: { y?: GpuTensor; saved?: GpuTensor } = {},
): { y: GpuTensor; saved: GpuTensor } {
  const op = 'BatchNormalization';
  const d = dims(op, x, [
    ['scale', p.scale],
    ['B', p.bias],
    ['input_mean', p.runningMean],
    ['input_var', p.runningVar],
  ]);
  if (mode === 'train' && d.count < 2 && (attrs.runningVarUnbiased ?? true)) {
    throw new Error(
      `${op}: training needs more than 1 value per channel, got input shape ${formatShape(x.shape)}`,
    );
  }
  if (p.runningMean.buffer === p.runningVar.buffer) throw new Error(`${op}: input_mean and input_var alias`);
  const inputs = [x, p.scale, p.bias, p.runningMean, p.runningVar];
  const y = prepareOut(ctx, op, x.shape, out.y, inputs);
  const saved = prepareOut(ctx, op, [2, d.c], out.saved, [...inputs, y]);
  if (mode === 'train') {
    ctx.batcher.dispatch({
      pipeline: ctx.pipelines.ref({ key: 'batchnorm/stats-train', code: bnStatsTrainWgsl }),
      bindings: [{ uniform: uniform(d, d.c, attrs) }, x, p.runningMean, p.runningVar, saved],
      workgroups: d.c,
      label: `${op} statistics`,
    });
  } else {
    ctx.batcher.dispatch({
      pipeline: ctx.pipelines.ref({ key: 'batchnorm/stats-eval', code: bnStatsEvalWgsl }),
      bindings: [{ uniform: uniform(d, d.c, attrs) }, p.runningMean, p.runningVar, saved],
      workgroups: Math.ceil(d.c / WORKGROUP_SIZE),
      label: `${op} running statistics`,
    });
  }
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({ key: 'batchnorm/normalize', code: bnNormalizeWgsl }),
    bindings: [{ uniform: uniform(d, x.size, attrs) }, x, saved, p.scale, p.bias, y],
    workgroups: Math.ceil(x.size / WORKGROUP_SIZE),
    label: op,
  });
  return { y, saved };
}

export interface BatchNormGpuGrads {
  dx: GpuTensor;
  /** Null in frozen mode: the affine parameters are not trained. */
  dScale: GpuTensor | null;
  dBias: GpuTensor | null;
}

/** Backward for the mode used in forward, from its saved statistics. */
export function batchNormBackward(
  ctx: GpuContext,
  x: GpuTensor,
  scale: GpuTensor,
  dy: GpuTensor,
  saved: GpuTensor,
  mode: BatchNormMode,
  out: { dx?: GpuTensor; dScale?: GpuTensor; dBias?: GpuTensor } = {},
): BatchNormGpuGrads {
  const op = 'BatchNormalization backward';
  const d = dims(op, x, [['scale', scale]]);
  requireDType(op, dy, 'dY');
  if (!sameShape(dy.shape, x.shape)) {
    throw new Error(`${op}: dY shape ${formatShape(dy.shape)} ≠ input shape ${formatShape(x.shape)}`);
  }
  checkSaved(op, saved, d.c);
  const inputs = [x, scale, dy, saved];
  const dx = prepareOut(ctx, op, x.shape, out.dx, inputs);
  let dScale: GpuTensor | null = null;
  let dBias: GpuTensor | null = null;
  if (mode !== 'frozen') {
    dScale = prepareOut(ctx, op, [d.c], out.dScale, [...inputs, dx]);
    dBias = prepareOut(ctx, op, [d.c], out.dBias, [...inputs, dx, dScale]);
    ctx.batcher.dispatch({
      pipeline: ctx.pipelines.ref({ key: 'batchnorm/grad-sums', code: bnGradSumsWgsl }),
      bindings: [{ uniform: uniform(d, d.c, {}) }, x, dy, saved, dScale, dBias],
      workgroups: d.c,
      label: `${op} dScale/dB`,
    });
  }
  const u = { uniform: uniform(d, x.size, {}) };
  if (mode === 'train') {
    ctx.batcher.dispatch({
      pipeline: ctx.pipelines.ref({ key: 'batchnorm/dx-train', code: bnDxTrainWgsl }),
      bindings: [u, x, dy, saved, scale, dScale!, dBias!, dx],
      workgroups: Math.ceil(x.size / WORKGROUP_SIZE),
      label: `${op} dX`,
    });
  } else {
    ctx.batcher.dispatch({
      pipeline: ctx.pipelines.ref({ key: 'batchnorm/dx-eval', code: bnDxEvalWgsl }),
      bindings: [u, dy, saved, scale, dx],
      workgroups: Math.ceil(x.size / WORKGROUP_SIZE),
      label: `${op} dX`,
    });
  }
  return { dx, dScale, dBias };
}
