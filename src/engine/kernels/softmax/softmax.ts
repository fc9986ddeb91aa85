// Softmax launchers (ONNX opset ≥ 13: one axis, default −1), forward from X and backward from the forward output Y.
import type { GpuContext } from '../../gpu/context.ts';
import { packU32, prepareOut, requireDType } from '../../gpu/kernel-helpers.ts';
import { formatShape, type GpuTensor, sameShape } from '../../gpu/tensor.ts';
import { aroundAxis } from './softmax.ref.ts';
import { type SoftmaxVariant, softmaxWgsl, THREAD_WORKGROUP } from './softmax.wgsl.ts';

function normAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new Error(`${op}: axis ${axis} out of range for rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Rows long enough to keep 64 invocations busy get a workgroup each; short rows one invocation each. */
export function chooseSoftmaxVariant(rows: number, len: number): SoftmaxVariant {
  return len >= 64 && rows < 65536 ? 'workgroup' : 'thread';
}

function record(
  ctx: GpuContext,
  op: string,
  shape: number[],
  axis: number,
  backward: boolean,
  bindings: GpuTensor[],
): void {
  const { outer, len, inner } = aroundAxis(shape, normAxis(op, axis, shape.length));
  const rows = outer * inner;
  const variant = chooseSoftmaxVariant(rows, len);
  const pipeline = ctx.pipelines.ref({
    key: `softmax/${backward ? 'backward' : 'forward'}/${variant}`,
    code: () => softmaxWgsl(variant, backward),
  });
  ctx.batcher.dispatch({
    pipeline,
    bindings: [{ uniform: packU32([outer, len, inner, rows]) }, ...bindings],
    workgroups: variant === 'workgroup' ? rows : Math.ceil(rows / THREAD_WORKGROUP),
    label: op,
  });
}

export function softmaxForward(ctx: GpuContext, x: GpuTensor, axis = -1, out?: GpuTensor): GpuTensor {
  requireDType('Softmax', x, 'input X');
  normAxis('Softmax', axis, x.shape.length);
  const y = prepareOut(ctx, 'Softmax', x.shape, out, [x]);
  record(ctx, 'Softmax', x.shape, axis, false, [x, y]);
  return y;
}

/** dX = Y ⊙ (dY − Σ_axis dY·Y). */
export function softmaxBackward(
  ctx: GpuContext,
  y: GpuTensor,
  dy: GpuTensor,
  axis = -1,
  out?: GpuTensor,
): GpuTensor {
  const op = 'Softmax backward';
  requireDType(op, y, 'Y');
  requireDType(op, dy, 'dY');
  if (!sameShape(dy.shape, y.shape)) {
    throw new Error(`${op}: dY shape ${formatShape(dy.shape)} ≠ Y shape ${formatShape(y.shape)}`);
  }
  normAxis(op, axis, y.shape.length);
  const dx = prepareOut(ctx, op, y.shape, out, [y, dy]);
  record(ctx, op, y.shape, axis, true, [y, dy, dx]);
  return dx;
}
