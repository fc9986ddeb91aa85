// Strided block copy/zero launchers shared by Concat and Split (forward and backward): the data movement of one
// input's slab along the axis, [outer] blocks of [len·inner] elements.
import type { GpuContext } from '../../gpu/context.ts';
import { packU32 } from '../../gpu/kernel-helpers.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { copyBlocksWgsl, WORKGROUP_SIZE, zeroBlocksWgsl } from './concat.wgsl.ts';

export interface BlockGeometry {
  outer: number;
  block: number;
  srcStride: number;
  srcOffset: number;
  dstStride: number;
  dstOffset: number;
}

/** src may be undefined: the destination blocks are zero-filled. */
export function copyBlocks(
  ctx: GpuContext,
  src: GpuTensor | undefined,
  dst: GpuTensor,
  g: BlockGeometry,
  label: string,
): void {
  const count = g.outer * g.block;
  const uniform = {
    uniform: packU32([count, g.block, g.srcStride, g.srcOffset, g.dstStride, g.dstOffset]),
  };
  const pipeline = src
    ? ctx.pipelines.ref({ key: 'concat/copy-blocks', code: copyBlocksWgsl })
    : ctx.pipelines.ref({ key: 'concat/zero-blocks', code: zeroBlocksWgsl });
  ctx.batcher.dispatch({
    pipeline,
    bindings: src ? [uniform, src, dst] : [uniform, dst],
    workgroups: Math.ceil(count / WORKGROUP_SIZE),
    label,
  });
}

/** outer × axisLen × inner around `axis` (already normalised). */
export function aroundAxis(shape: readonly number[], axis: number): { outer: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return { outer, inner };
}

export function normAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new Error(`${op}: axis ${axis} out of range for rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}
