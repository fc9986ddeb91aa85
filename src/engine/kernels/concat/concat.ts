// Concat launchers: forward copies each input's slab into the output; backward cuts dY back into per-input
// gradients. One block-copy dispatch per input.
import type { GpuContext } from '../../gpu/context.ts';
import { prepareOut, requireDType } from '../../gpu/kernel-helpers.ts';
import { formatShape, type GpuTensor } from '../../gpu/tensor.ts';
import { aroundAxis, copyBlocks, normAxis } from './copy-blocks.ts';

export function concatForward(
  ctx: GpuContext,
  inputs: readonly GpuTensor[],
  axis: number,
  out?: GpuTensor,
): GpuTensor {
  if (inputs.length === 0) throw new Error('Concat: needs at least one input');
  inputs.forEach((t, i) => {
    requireDType('Concat', t, `input ${i}`);
  });
  const first = inputs[0].shape;
  const ax = normAxis('Concat', axis, first.length);
  let total = 0;
  inputs.forEach((t, i) => {
    if (t.shape.length !== first.length || t.shape.some((d, k) => k !== ax && d !== first[k])) {
      throw new Error(
        `Concat: input ${i} shape ${formatShape(t.shape)} differs from input 0 shape ${formatShape(first)} outside axis ${ax}`,
      );
    }
    total += t.shape[ax];
  });
  const shape = [...first];
  shape[ax] = total;
  const y = prepareOut(ctx, 'Concat', shape, out, [...inputs]);
  const { outer, inner } = aroundAxis(shape, ax);
  let offset = 0;
  inputs.forEach((t, i) => {
    const block = t.shape[ax] * inner;
    copyBlocks(
      ctx,
      t,
      y,
      { outer, block, srcStride: block, srcOffset: 0, dstStride: total * inner, dstOffset: offset },
      `Concat input ${i}`,
    );
    offset += block;
  });
  return y;
}

/**
 * Cuts `x` along `axis` into consecutive parts of the given sizes (Split forward = Concat backward); `outs[i]`
 * may supply part i's buffer.
 */
export function splitAlong(
  ctx: GpuContext,
  op: string,
  x: GpuTensor,
  axis: number,
  sizes: readonly number[],
  outs: readonly (GpuTensor | undefined)[] = [],
): GpuTensor[] {
  requireDType(op, x, 'input');
  const ax = normAxis(op, axis, x.shape.length);
  const sum = sizes.reduce((a, b) => a + b, 0);
  if (sizes.some((s) => !Number.isInteger(s) || s < 0) || sum !== x.shape[ax]) {
    throw new Error(
      `${op}: split sizes [${sizes.join(',')}] do not sum to dimension ${x.shape[ax]} of axis ${ax}`,
    );
  }
  const { outer, inner } = aroundAxis(x.shape, ax);
  const len = x.shape[ax];
  let offset = 0;
  return sizes.map((s, i) => {
    const shape = [...x.shape];
    shape[ax] = s;
    const part = prepareOut(ctx, op, shape, outs[i], [x]);
    const block = s * inner;
    copyBlocks(
      ctx,
      x,
      part,
      { outer, block, srcStride: len * inner, srcOffset: offset, dstStride: block, dstOffset: 0 },
      `${op} part ${i}`,
    );
    offset += block;
    return part;
  });
}

/** dInput_i = the slab of dY that input i filled. */
export function concatBackward(
  ctx: GpuContext,
  inputShapes: readonly (readonly number[])[],
  dy: GpuTensor,
  axis: number,
  outs: readonly (GpuTensor | undefined)[] = [],
): GpuTensor[] {
  const op = 'Concat backward';
  const ax = normAxis(op, axis, dy.shape.length);
  inputShapes.forEach((s, i) => {
    if (s.length !== dy.shape.length || s.some((d, k) => k !== ax && d !== dy.shape[k])) {
      throw new Error(
        `${op}: input ${i} shape ${formatShape(s)} differs from dY shape ${formatShape(dy.shape)} outside axis ${ax}`,
      );
    }
  });
  return splitAlong(
    ctx,
    op,
    dy,
    ax,
    inputShapes.map((s) => s[ax]),
    outs,
  );
}
