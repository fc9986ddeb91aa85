// Global-norm gradient clipping on the GPU (Paddle ClipGradByGlobalNorm, as nn/optim/clip-grad.ts): g ← g·c/max(‖g‖, c)
// over all gradients together, in place, with the norm left in a [2] buffer (norm, scale) for an async readback.
import type { GpuContext } from '../../gpu/context.ts';
import { packU32, requireDType } from '../../gpu/kernel-helpers.ts';
import { formatShape, type GpuTensor } from '../../gpu/tensor.ts';
import {
  clipFinalizeWgsl,
  clipScaleWgsl,
  SUMSQ_CHUNK,
  sumSquaresWgsl,
  WORKGROUP_SIZE,
} from './optim-update.wgsl.ts';

/**
 * Records sum-of-squares partials for every gradient, the fold into (norm, scale) and the in-place scaling.
 * Returns `stats` ([2] f32: the norm before clipping, then the applied scale); pass one in to reuse it.
 */
export function clipGradGlobalNorm(
  ctx: GpuContext,
  grads: readonly GpuTensor[],
  maxNorm: number,
  stats?: GpuTensor,
): GpuTensor {
  const op = 'clipGradGlobalNorm';
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) {
    throw new Error(`${op}: max norm must be a positive number, got ${maxNorm}`);
  }
  const buffers = new Set<GPUBuffer>();
  grads.forEach((g, i) => {
    requireDType(op, g, `gradient ${i}`);
    if (buffers.has(g.buffer)) throw new Error(`${op}: gradient ${i} appears twice`);
    buffers.add(g.buffer);
  });
  let out = stats;
  if (out) {
    requireDType(op, out, 'stats');
    if (out.size !== 2) throw new Error(`${op}: stats has shape ${formatShape(out.shape)}, expected [2]`);
    if (buffers.has(out.buffer)) throw new Error(`${op}: stats must not alias a gradient`);
  } else {
    out = ctx.empty([2], 'f32', `${op} stats`);
  }
  const chunks = grads.map((g) => Math.ceil(g.size / SUMSQ_CHUNK));
  const total = chunks.reduce((a, b) => a + b, 0);
  const partials = ctx.empty([Math.max(1, total)], 'f32', `${op} partials`);
  let base = 0;
  grads.forEach((g, i) => {
    ctx.batcher.dispatch({
      pipeline: ctx.pipelines.ref({ key: 'optim-update/sum-squares', code: sumSquaresWgsl }),
      bindings: [{ uniform: packU32([g.size, base]) }, g, partials],
      workgroups: chunks[i],
      label: `${op} Σg² ${i}`,
    });
    base += chunks[i];
  });
  const finalize = new Uint32Array(4);
  finalize[0] = total;
  new Float32Array(finalize.buffer)[1] = maxNorm;
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({ key: 'optim-update/clip-finalize', code: clipFinalizeWgsl }),
    bindings: [{ uniform: finalize }, partials, out],
    workgroups: [1],
    label: `${op} norm`,
  });
  grads.forEach((g, i) => {
    ctx.batcher.dispatch({
      pipeline: ctx.pipelines.ref({ key: 'optim-update/clip-scale', code: clipScaleWgsl }),
      bindings: [{ uniform: packU32([g.size]) }, out, g],
      workgroups: Math.ceil(g.size / WORKGROUP_SIZE),
      label: `${op} scale ${i}`,
    });
  });
  // The pool quarantines the partials until this batch is submitted.
  ctx.release(partials);
  return out;
}
