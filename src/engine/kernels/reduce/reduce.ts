// Launcher for sum / mean / max over one axis (numpy-style keepdims, default false) on f32 tensors.
import type { GpuContext } from '../../gpu/context.ts';
import { packU32, prepareOut, requireDType } from '../../gpu/kernel-helpers.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { planReduce, REDUCE_NAMES, type ReduceOp } from './reduce.ref.ts';
import { type ReduceVariant, reduceWgsl, WORKGROUP_SIZE } from './reduce.wgsl.ts';

export interface ReduceOptions {
  keepdims?: boolean;
  out?: GpuTensor;
}

/** Few outputs with long rows go one workgroup per output; otherwise one invocation per output. */
export function chooseReduceVariant(outputs: number, length: number): ReduceVariant {
  return outputs < 4096 && length >= 64 ? 'workgroup' : 'thread';
}

export function reduce(
  ctx: GpuContext,
  op: ReduceOp,
  x: GpuTensor,
  axis: number,
  opts: ReduceOptions = {},
): GpuTensor {
  const name = REDUCE_NAMES[op];
  if (!name) throw new Error(`reduce: unknown op '${op}'`);
  requireDType(name, x, 'input');
  const plan = planReduce(op, x.shape, axis, opts.keepdims ?? false);
  const y = prepareOut(ctx, name, plan.outShape, opts.out, [x]);
  const nOut = plan.outer * plan.inner;
  const variant = chooseReduceVariant(nOut, plan.length);
  const pipeline = ctx.pipelines.ref({ key: `reduce/${op}/${variant}`, code: () => reduceWgsl(op, variant) });
  ctx.batcher.dispatch({
    pipeline,
    bindings: [x, y, { uniform: packU32([plan.outer, plan.length, plan.inner, nOut]) }],
    workgroups: variant === 'workgroup' ? nOut : Math.ceil(nOut / WORKGROUP_SIZE),
    label: name,
  });
  return y;
}

export const sum = (ctx: GpuContext, x: GpuTensor, axis: number, opts?: ReduceOptions) =>
  reduce(ctx, 'sum', x, axis, opts);
export const mean = (ctx: GpuContext, x: GpuTensor, axis: number, opts?: ReduceOptions) =>
  reduce(ctx, 'mean', x, axis, opts);
export const max = (ctx: GpuContext, x: GpuTensor, axis: number, opts?: ReduceOptions) =>
  reduce(ctx, 'max', x, axis, opts);
