// GlobalAveragePool launchers on f32 [N,C,spatial...] tensors (any number of spatial dims): Y is
// [N,C,1,...,1]. Records dispatches only.
import type { GpuContext } from '../../gpu/context.ts';
import { packU32, prepareOut, requireDType } from '../../gpu/kernel-helpers.ts';
import { formatShape, type GpuTensor } from '../../gpu/tensor.ts';
import { GAP_SUM_WG, globalAvgPoolBackwardWgsl, globalAvgPoolSumWgsl } from './global-avg-pool.wgsl.ts';

/**
 * Planes longer than this are summed (then the chunk sums) and filled in chunks of at most this length: one thread
 * per (n, c) would leave a real GPU nearly idle on a few long early-network planes (e.g. 32 planes of 112×112).
 */
export const GAP_CHUNK = 4096;

/** Planes of `spatial` elements in `chunks` near-equal runs of `seg` (the last may be shorter), each ≤ GAP_CHUNK. */
function chunking(spatial: number): { chunks: number; seg: number } {
  const chunks = Math.ceil(spatial / GAP_CHUNK);
  return { chunks, seg: Math.ceil(spatial / chunks) };
}

function segmentSum(
  ctx: GpuContext,
  x: GpuTensor,
  y: GpuTensor,
  s: { outputs: number; chunks: number; len: number; seg: number; div: number },
  label: string,
): void {
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({ key: 'global-avg-pool/sum', code: globalAvgPoolSumWgsl }),
    bindings: [x, y, { uniform: packU32([s.outputs, s.chunks, s.len, s.seg, s.div]) }],
    workgroups: Math.ceil(s.outputs / GAP_SUM_WG),
    label,
  });
}

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
  const { spatial } = pl;
  const label = 'GlobalAveragePool';
  if (spatial <= GAP_CHUNK) {
    segmentSum(ctx, x, y, { outputs: pl.planes, chunks: 1, len: spatial, seg: spatial, div: spatial }, label);
    return y;
  }
  const { chunks, seg } = chunking(spatial);
  // Released at once: the pool keeps the scratch out of reuse until this batch is submitted.
  const sums = ctx.empty([pl.planes * chunks], 'f32', `${label} chunk sums`);
  segmentSum(
    ctx,
    x,
    sums,
    { outputs: pl.planes * chunks, chunks, len: spatial, seg, div: 1 },
    `${label} chunks`,
  );
  segmentSum(ctx, sums, y, { outputs: pl.planes, chunks: 1, len: chunks, seg: chunks, div: spatial }, label);
  ctx.release(sums);
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
  const { chunks, seg } = chunking(pl.spatial);
  const outputs = pl.planes * chunks;
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({ key: 'global-avg-pool/backward', code: globalAvgPoolBackwardWgsl }),
    bindings: [dy, dx, { uniform: packU32([outputs, chunks, pl.spatial, seg]) }],
    workgroups: Math.ceil(outputs / GAP_SUM_WG),
    label: op,
  });
  return dx;
}
