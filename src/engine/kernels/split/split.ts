// Split launchers (explicit sizes or num_outputs, as split.ref.ts): forward cuts X into parts with the block copy
// shared with Concat; backward writes each part's gradient back into its slab of dX (zeros for a missing one).
import type { GpuContext } from '../../gpu/context.ts';
import { prepareOut, requireDType } from '../../gpu/kernel-helpers.ts';
import { formatShape, type GpuTensor, sameShape } from '../../gpu/tensor.ts';
import { splitAlong } from '../concat/concat.ts';
import { aroundAxis, copyBlocks, normAxis } from '../concat/copy-blocks.ts';
import { splitSizes } from './split.ref.ts';

export interface SplitAttrs {
  axis?: number;
  split?: readonly number[];
  numOutputs?: number;
}

export function splitForward(
  ctx: GpuContext,
  x: GpuTensor,
  attrs: SplitAttrs = {},
  outs: readonly (GpuTensor | undefined)[] = [],
): GpuTensor[] {
  const ax = normAxis('Split', attrs.axis ?? 0, x.shape.length);
  return splitAlong(ctx, 'Split', x, ax, splitSizes(x.shape[ax], attrs.split, attrs.numOutputs), outs);
}

/** dX = Concat of the part gradients; `null` parts (unused outputs) contribute zeros. */
export function splitBackward(
  ctx: GpuContext,
  xShape: readonly number[],
  dys: readonly (GpuTensor | null)[],
  attrs: SplitAttrs = {},
  out?: GpuTensor,
): GpuTensor {
  const op = 'Split backward';
  const ax = normAxis(op, attrs.axis ?? 0, xShape.length);
  const sizes = splitSizes(xShape[ax], attrs.split, attrs.numOutputs);
  if (dys.length !== sizes.length)
    throw new Error(`${op}: ${dys.length} gradients for ${sizes.length} outputs`);
  const partShapes = sizes.map((s) => {
    const shape = [...xShape];
    shape[ax] = s;
    return shape;
  });
  dys.forEach((d, i) => {
    if (!d) return;
    requireDType(op, d, `dY ${i}`);
    if (!sameShape(d.shape, partShapes[i])) {
      throw new Error(
        `${op}: dY ${i} shape ${formatShape(d.shape)} ≠ output ${i} shape ${formatShape(partShapes[i])}`,
      );
    }
  });
  const dx = prepareOut(
    ctx,
    op,
    [...xShape],
    out,
    dys.filter((d): d is GpuTensor => d !== null),
  );
  const { outer, inner } = aroundAxis(xShape, ax);
  const len = xShape[ax];
  let offset = 0;
  sizes.forEach((s, i) => {
    const block = s * inner;
    copyBlocks(
      ctx,
      dys[i] ?? undefined,
      dx,
      { outer, block, srcStride: block, srcOffset: 0, dstStride: len * inner, dstOffset: offset },
      `${op} part ${i}`,
    );
    offset += block;
  });
  return dx;
}
