// Tiled matmul launcher: validates shapes, picks the vec4/scalar load variant per side, dispatches one
// workgroup per 64×64 output tile (z = batch) through the batcher. Options: transposed A/B, batch broadcast.
import type { GpuContext } from '../../gpu/context.ts';
import { packU32, prepareOut, requireDType } from '../../gpu/kernel-helpers.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { type MatmulFlags, type MatmulPlan, planMatmul } from './matmul.ref.ts';
import { TILE, tiledMatmulWgsl } from './matmul.wgsl.ts';

/** Validates inputs and the output; shared with matmulNaive. */
export function prepareMatmul(
  ctx: GpuContext,
  op: string,
  a: GpuTensor,
  b: GpuTensor,
  out: GpuTensor | undefined,
  flags: MatmulFlags,
): { plan: MatmulPlan; c: GpuTensor; uniform: Uint32Array<ArrayBuffer> } {
  requireDType(op, a, 'input A');
  requireDType(op, b, 'input B');
  const plan = planMatmul(a.shape, b.shape, flags);
  const c = prepareOut(ctx, op, plan.outShape, out, [a, b]);
  const uniform = packU32([
    plan.M,
    plan.N,
    plan.K,
    plan.batch,
    plan.a.batch,
    plan.a.row,
    plan.a.col,
    0,
    plan.b.batch,
    plan.b.row,
    plan.b.col,
    0,
  ]);
  return { plan, c, uniform };
}

/** C = op(A)·op(B) for A [M,K] or [batch,M,K] and B [K,N] or [batch,K,N] (K=0 gives zeros). */
export function matmul(
  ctx: GpuContext,
  a: GpuTensor,
  b: GpuTensor,
  out?: GpuTensor,
  flags: MatmulFlags = {},
): GpuTensor {
  const { plan, c, uniform } = prepareMatmul(ctx, 'MatMul', a, b, out, flags);
  // vec4 bindings need ≥ 16 bytes, so an empty K (zero-size inputs) takes the scalar path.
  const vecA = !flags.transA && plan.K % 4 === 0 && plan.K > 0;
  const vecB = !flags.transB && plan.N % 4 === 0 && plan.K > 0;
  const pipeline = ctx.pipelines.ref({
    key: `matmul/tiled/a-${vecA ? 'vec4' : 'scalar'}/b-${vecB ? 'vec4' : 'scalar'}`,
    code: () => tiledMatmulWgsl(vecA, vecB),
  });
  ctx.batcher.dispatch({
    pipeline,
    bindings: [a, b, c, { uniform }],
    workgroups: [Math.ceil(plan.N / TILE), Math.ceil(plan.M / TILE), plan.batch],
    label: 'MatMul',
  });
  return c;
}
