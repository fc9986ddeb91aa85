// Elementwise launchers: unary ops and numpy-broadcasting binary ops on f32 tensors, recorded via the batcher.
import type { GpuContext } from '../../gpu/context.ts';
import { packU32, padRank, prepareOut, requireDType, requireRank } from '../../gpu/kernel-helpers.ts';
import { broadcastShapes, broadcastStrides, type GpuTensor, sameShape, shapeSize } from '../../gpu/tensor.ts';
import { BINARY_OPS, type BinaryOp, UNARY_OPS, type UnaryOp } from './elementwise.ref.ts';
import { binaryWgsl, unaryWgsl, WORKGROUP_SIZE } from './elementwise.wgsl.ts';

/** 'relu' → 'Relu': op names in error messages follow the ONNX spelling. */
function opName(op: string): string {
  return op[0].toUpperCase() + op.slice(1);
}

export function unary(ctx: GpuContext, op: UnaryOp, x: GpuTensor, out?: GpuTensor): GpuTensor {
  if (!(UNARY_OPS as readonly string[]).includes(op)) throw new Error(`unary: unknown op '${op}'`);
  const name = opName(op);
  requireDType(name, x, 'input');
  const y = prepareOut(ctx, name, x.shape, out, [x]);
  const pipeline = ctx.pipelines.ref({ key: `elementwise/unary/${op}`, code: () => unaryWgsl(op) });
  ctx.batcher.dispatch({
    pipeline,
    bindings: [x, y, { uniform: packU32([x.size]) }],
    workgroups: Math.ceil(x.size / WORKGROUP_SIZE),
    label: name,
  });
  return y;
}

export function binary(
  ctx: GpuContext,
  op: BinaryOp,
  a: GpuTensor,
  b: GpuTensor,
  out?: GpuTensor,
): GpuTensor {
  if (!(BINARY_OPS as readonly string[]).includes(op)) throw new Error(`binary: unknown op '${op}'`);
  const name = opName(op);
  requireDType(name, a, 'input A');
  requireDType(name, b, 'input B');
  const shape = broadcastShapes(name, a.shape, b.shape);
  requireRank(name, shape, 'output');
  const y = prepareOut(ctx, name, shape, out, [a, b]);
  const broadcast = !(sameShape(a.shape, shape) && sameShape(b.shape, shape));
  const pipeline = ctx.pipelines.ref({
    key: `elementwise/binary/${op}/${broadcast ? 'broadcast' : 'same'}`,
    code: () => binaryWgsl(op, broadcast),
  });
  const n = shapeSize(shape);
  const uniform = packU32([
    n,
    shape.length,
    0,
    0,
    ...padRank(shape, 1),
    ...padRank(broadcastStrides(a.shape, shape)),
    ...padRank(broadcastStrides(b.shape, shape)),
  ]);
  ctx.batcher.dispatch({
    pipeline,
    bindings: [a, b, y, { uniform }],
    workgroups: Math.ceil(n / WORKGROUP_SIZE),
    label: name,
  });
  return y;
}

export const add = (ctx: GpuContext, a: GpuTensor, b: GpuTensor, out?: GpuTensor) =>
  binary(ctx, 'add', a, b, out);
export const sub = (ctx: GpuContext, a: GpuTensor, b: GpuTensor, out?: GpuTensor) =>
  binary(ctx, 'sub', a, b, out);
export const mul = (ctx: GpuContext, a: GpuTensor, b: GpuTensor, out?: GpuTensor) =>
  binary(ctx, 'mul', a, b, out);
export const div = (ctx: GpuContext, a: GpuTensor, b: GpuTensor, out?: GpuTensor) =>
  binary(ctx, 'div', a, b, out);
export const relu = (ctx: GpuContext, x: GpuTensor, out?: GpuTensor) => unary(ctx, 'relu', x, out);
