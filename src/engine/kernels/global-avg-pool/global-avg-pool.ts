// GlobalAveragePool launchers on f32 [N,C,spatial...] tensors (any number of spatial dims): Y is
// [N,C,1,...,1]. Records dispatches only.
import type { GpuContext } from '../../gpu/context.ts';
import { packU32, prepareOut, requireDType } from '../../gpu/kernel-helpers.ts';
import { formatShape, type GpuTensor } from '../../gpu/tensor.ts';
import {
  GAP_LINEAR_WG,
  globalAvgPoolBackwardWgsl,
  globalAvgPoolForwardWgsl,
} from './global-avg-pool.wgsl.ts';

function planes(op: string, shape: readonly number[]): { planes: number; spatial: number; yShape: number[] } {
  if (shape.length < 3)
    throw new Error(`${op}: input X must be at least 3-D [N,C,spatial...], got ${formatShape(shape)}`);
  let spatial = 1;
  for (let i = 2; i < shape.length; i++) spatial *= shape[i];
  if (spatial === 0) throw new Error(`${op}: input X has an empty spatial extent ${formatShape(shape)}`);
  return {
    planes: shape[0] * shape[1],
    spatial,
    yShape: [shape[0], shape[1], ...shape.slice(2).map(() => 1)],
  };
}

export function globalAvgPoolForward(ctx: GpuContext, x: GpuTensor, out?: GpuTensor): GpuTensor {
  requireDType('GlobalAveragePool', x, 'input X');
  const pl = planes('GlobalAveragePool', x.shape);
  const y = prepareOut(ctx, 'GlobalAveragePool', pl.yShape, out, [x]);
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({ key: 'global-avg-pool/forward', code: globalAvgPoolForwardWgsl }),
    bindings: [x, y, { uniform: packU32([pl.planes, pl.spatial]) }],
    workgroups: pl.planes,
    label: 'GlobalAveragePool',
  });
  return y;
}

/** dX = dY / spatial size, broadcast over each plane; dY may be [N,C,1,...] or [N,C]. */
export function globalAvgPoolBackward(
  ctx: GpuContext,
  xShape: readonly number[],
  dy: GpuTensor,
  out?: GpuTensor,
): GpuTensor {
  const op = 'GlobalAveragePool backward';
  requireDType(op, dy, 'dY');
  const pl = planes(op, xShape);
  if (dy.size !== pl.planes || dy.shape[0] !== xShape[0] || dy.shape[1] !== xShape[1]) {
    throw new Error(`${op}: dY shape ${formatShape(dy.shape)} ≠ ${formatShape(pl.yShape)}`);
  }
  const dx = prepareOut(ctx, op, [...xShape], out, [dy]);
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({ key: 'global-avg-pool/backward', code: globalAvgPoolBackwardWgsl }),
    bindings: [dy, dx, { uniform: packU32([pl.planes, pl.spatial]) }],
    workgroups: Math.ceil(dx.size / GAP_LINEAR_WG),
    label: op,
  });
  return dx;
}
