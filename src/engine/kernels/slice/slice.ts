// Slice launchers (ONNX starts/ends/axes/steps with negatives and clamping, planned by slice.ref.ts's slicePlan):
// forward gathers Y from X; backward gathers dX from dY (zeros off the slice).
import type { GpuContext } from '../../gpu/context.ts';
import { packU32, padRank, prepareOut, requireDType, requireRank } from '../../gpu/kernel-helpers.ts';
import { formatShape, type GpuTensor, sameShape, shapeSize } from '../../gpu/tensor.ts';
import { type SliceParams, type SlicePlan, slicePlan } from './slice.ref.ts';
import { sliceBackwardWgsl, sliceForwardWgsl, WORKGROUP_SIZE } from './slice.wgsl.ts';

function uniform(n: number, xShape: readonly number[], plan: SlicePlan): Uint32Array<ArrayBuffer> {
  // Negative steps travel as two's-complement u32 words; the kernel reads them back as i32.
  return packU32([
    n,
    xShape.length,
    0,
    0,
    ...padRank(plan.shape, 1),
    ...padRank(xShape, 1),
    ...padRank(plan.start),
    ...padRank(plan.step, 1),
  ]);
}

export function sliceForward(ctx: GpuContext, x: GpuTensor, params: SliceParams, out?: GpuTensor): GpuTensor {
  requireDType('Slice', x, 'input');
  requireRank('Slice', x.shape, 'input');
  const plan = slicePlan('Slice', x.shape, params);
  const y = prepareOut(ctx, 'Slice', plan.shape, out, [x]);
  const n = shapeSize(plan.shape);
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({ key: 'slice/forward', code: sliceForwardWgsl }),
    bindings: [{ uniform: uniform(n, x.shape, plan) }, x, y],
    workgroups: Math.ceil(n / WORKGROUP_SIZE),
    label: 'Slice',
  });
  return y;
}

/** dX (shape xShape) = dY at the sliced positions, 0 elsewhere. */
export function sliceBackward(
  ctx: GpuContext,
  xShape: readonly number[],
  dy: GpuTensor,
  params: SliceParams,
  out?: GpuTensor,
): GpuTensor {
  const op = 'Slice backward';
  requireDType(op, dy, 'dY');
  requireRank(op, xShape, 'input');
  const plan = slicePlan(op, xShape, params);
  if (!sameShape(plan.shape, dy.shape)) {
    throw new Error(`${op}: dY shape ${formatShape(dy.shape)} ≠ output shape ${formatShape(plan.shape)}`);
  }
  const dx = prepareOut(ctx, op, [...xShape], out, [dy]);
  const n = shapeSize(xShape);
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({ key: 'slice/backward', code: sliceBackwardWgsl }),
    bindings: [{ uniform: uniform(n, xShape, plan) }, dy, dx],
    workgroups: Math.ceil(n / WORKGROUP_SIZE),
    label: op,
  });
  return dx;
}
