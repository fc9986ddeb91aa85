// Matmul launchers: validate shapes, pick the kernel (register-blocked unless M, N and K are all large) and its
// vec4/scalar load variant, dispatch through the batcher (z = batch). Options: transposed A/B, batch broadcast.
import type { GpuContext } from '../../gpu/context.ts';
import { packU32, prepareOut, requireDType } from '../../gpu/kernel-helpers.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import { type MatmulFlags, type MatmulPlan, planMatmul } from './matmul.ref.ts';
import {
  REG_COLS,
  REG_ROWS,
  REG_WORKGROUP,
  registerMatmulWgsl,
  TILE,
  tiledMatmulWgsl,
} from './matmul.wgsl.ts';

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

export type MatmulKernel = 'register' | 'tiled';

/** Every dimension at least this long: the GEMM is big enough for workgroup-memory tiles to pay for barriers. */
const TILED_MIN_DIM = 256;

/**
 * Which kernel a plan runs on. The register-blocked kernel was faster on every shape measured on SwiftShader (see
 * matmul.wgsl.ts); the tiled one is kept for large GEMMs, where reuse through workgroup memory is what a real GPU
 * rewards. Training's GEMMs (1×1 convs, the head) have a short dimension and take the register kernel.
 */
export function matmulKernelFor(plan: Pick<MatmulPlan, 'M' | 'N' | 'K'>): MatmulKernel {
  return Math.min(plan.M, plan.N, plan.K) >= TILED_MIN_DIM ? 'tiled' : 'register';
}

/** C = op(A)·op(B) for A [M,K] or [batch,M,K] and B [K,N] or [batch,K,N] (K=0 gives zeros), on the kernel the shape calls for. */
export function matmul(
  ctx: GpuContext,
  a: GpuTensor,
  b: GpuTensor,
  out?: GpuTensor,
  flags: MatmulFlags = {},
): GpuTensor {
  const plan = planMatmul(a.shape, b.shape, flags);
  return matmulKernelFor(plan) === 'tiled'
    ? matmulTiled(ctx, a, b, out, flags)
    : matmulRegister(ctx, a, b, out, flags);
}

/** One kernel's pipeline and grid for a plan. */
interface KernelLaunch {
  key: string;
  code: () => string;
  workgroups: [number, number, number];
}

/** Validates, then dispatches the kernel `pick` chooses for the plan (z = batch). */
function launch(
  ctx: GpuContext,
  a: GpuTensor,
  b: GpuTensor,
  out: GpuTensor | undefined,
  flags: MatmulFlags,
  pick: (plan: MatmulPlan) => KernelLaunch,
): GpuTensor {
  const { plan, c, uniform } = prepareMatmul(ctx, 'MatMul', a, b, out, flags);
  const k = pick(plan);
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({ key: k.key, code: k.code }),
    bindings: [a, b, c, { uniform }],
    workgroups: k.workgroups,
    label: 'MatMul',
  });
  return c;
}

// vec4 bindings need ≥ 16 bytes, so an empty K (zero-size inputs) takes the scalar paths.
const vec4A = (plan: MatmulPlan, flags: MatmulFlags) => !flags.transA && plan.K % 4 === 0 && plan.K > 0;
const vec4B = (plan: MatmulPlan, flags: MatmulFlags) => !flags.transB && plan.N % 4 === 0 && plan.K > 0;

/** The register-blocked kernel: one invocation per 8×4 output block. */
export function matmulRegister(
  ctx: GpuContext,
  a: GpuTensor,
  b: GpuTensor,
  out?: GpuTensor,
  flags: MatmulFlags = {},
): GpuTensor {
  return launch(ctx, a, b, out, flags, (plan) => {
    const vecB = vec4B(plan, flags);
    return {
      key: `matmul/register/b-${vecB ? 'vec4' : 'scalar'}`,
      code: () => registerMatmulWgsl(vecB),
      workgroups: [Math.ceil(plan.N / (REG_COLS * REG_WORKGROUP)), Math.ceil(plan.M / REG_ROWS), plan.batch],
    };
  });
}

/** The tiled kernel: one workgroup per 64×64 output tile. */
export function matmulTiled(
  ctx: GpuContext,
  a: GpuTensor,
  b: GpuTensor,
  out?: GpuTensor,
  flags: MatmulFlags = {},
): GpuTensor {
  return launch(ctx, a, b, out, flags, (plan) => {
    const vecA = vec4A(plan, flags);
    const vecB = vec4B(plan, flags);
    return {
      key: `matmul/tiled/a-${vecA ? 'vec4' : 'scalar'}/b-${vecB ? 'vec4' : 'scalar'}`,
      code: () => tiledMatmulWgsl(vecA, vecB),
      workgroups: [Math.ceil(plan.N / TILE), Math.ceil(plan.M / TILE), plan.batch],
    };
  });
}
