// Backward of broadcasting Add/Sub/Mul/Div: dA and dB, each reduced over the axes its input was broadcast along
// (the forward is elementwise/binary). One dispatch per requested gradient.
import type { GpuContext } from '../../gpu/context.ts';
import { packU32, padRank, prepareOut, requireDType, requireRank } from '../../gpu/kernel-helpers.ts';
import {
  broadcastShapes,
  broadcastStrides,
  formatShape,
  type GpuTensor,
  sameShape,
  shapeSize,
  shapeStrides,
} from '../../gpu/tensor.ts';
import type { BinaryOp } from './broadcast-grad.ref.ts';
import {
  BINARY_CODE,
  type BroadcastGradVariant,
  broadcastGradWgsl,
  ROW_WORKGROUP,
  THREAD_WORKGROUP,
} from './broadcast-grad.wgsl.ts';

/** Few outputs with long reductions get a workgroup each; otherwise one invocation per output. */
export function chooseBroadcastGradVariant(outputs: number, reduction: number): BroadcastGradVariant {
  return outputs < 4096 && reduction >= ROW_WORKGROUP ? 'workgroup' : 'thread';
}

export interface BinaryGrads {
  da?: GpuTensor;
  db?: GpuTensor;
}

/**
 * dA and dB for upstream dY (the broadcast output's shape). `want` picks which to compute (a frozen input needs
 * none); `out` may supply their buffers.
 */
export function binaryBackward(
  ctx: GpuContext,
  op: BinaryOp,
  a: GpuTensor,
  b: GpuTensor,
  dy: GpuTensor,
  out: BinaryGrads = {},
  want: { da?: boolean; db?: boolean } = {},
): BinaryGrads {
  const name = `${op} backward`;
  if (BINARY_CODE[op] === undefined) throw new Error(`binaryBackward: unsupported op '${op}'`);
  requireDType(name, a, 'input A');
  requireDType(name, b, 'input B');
  requireDType(name, dy, 'dY');
  const shape = broadcastShapes(op, a.shape, b.shape);
  if (!sameShape(shape, dy.shape)) {
    throw new Error(`${name}: dY shape ${formatShape(dy.shape)} ≠ output shape ${formatShape(shape)}`);
  }
  requireRank(name, shape, 'output');
  const result: BinaryGrads = {};
  if (want.da ?? true) result.da = gradFor(ctx, name, op, 0, a, b, dy, shape, out.da);
  if (want.db ?? true) result.db = gradFor(ctx, name, op, 1, a, b, dy, shape, out.db);
  return result;
}

function gradFor(
  ctx: GpuContext,
  name: string,
  op: BinaryOp,
  side: 0 | 1,
  a: GpuTensor,
  b: GpuTensor,
  dy: GpuTensor,
  shape: number[],
  out: GpuTensor | undefined,
): GpuTensor {
  const target = side === 0 ? a.shape : b.shape;
  const grad = prepareOut(ctx, name, [...target], out, [a, b, dy]);
  const rank = shape.length;
  // Target dims right-aligned to dY's rank; an axis is reduced where the target has 1 (or nothing) and dY more.
  const padded = shape.map((_, i) => target[i - (rank - target.length)] ?? 1);
  const keep = shape.map((d, i) => (padded[i] === d ? d : 1));
  const red = shape.map((d, i) => (padded[i] === d ? 1 : d));
  const n = shapeSize(target);
  const rCount = shapeSize(red);
  const variant = chooseBroadcastGradVariant(n, rCount);
  const uniform = packU32([
    n,
    rank,
    rCount,
    side * 4 + BINARY_CODE[op],
    ...padRank(keep, 1),
    ...padRank(red, 1),
    ...padRank(shapeStrides(shape)),
    ...padRank(broadcastStrides(a.shape, shape)),
    ...padRank(broadcastStrides(b.shape, shape)),
  ]);
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({
      key: `broadcast-grad/${variant}`,
      code: () => broadcastGradWgsl(variant),
    }),
    bindings: [{ uniform }, a, b, dy, grad],
    workgroups: variant === 'workgroup' ? n : Math.ceil(n / THREAD_WORKGROUP),
    label: `${name} d${side === 0 ? 'A' : 'B'}`,
  });
  return grad;
}
