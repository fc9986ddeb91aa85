// One-invocation-per-output matmul: the benchmark baseline for the tiled kernel (same shapes and options).
import type { GpuContext } from '../../gpu/context.ts';
import type { GpuTensor } from '../../gpu/tensor.ts';
import type { MatmulFlags } from './matmul.ref.ts';
import { prepareMatmul } from './matmul.ts';
import { naiveMatmulWgsl } from './matmul.wgsl.ts';

export function matmulNaive(
  ctx: GpuContext,
  a: GpuTensor,
  b: GpuTensor,
  out?: GpuTensor,
  flags: MatmulFlags = {},
): GpuTensor {
  const { plan, c, uniform } = prepareMatmul(ctx, 'MatMulNaive', a, b, out, flags);
  const pipeline = ctx.pipelines.ref({ key: 'matmul/naive', code: naiveMatmulWgsl });
  ctx.batcher.dispatch({
    pipeline,
    bindings: [a, b, c, { uniform }],
    workgroups: [Math.ceil(plan.N / 16), Math.ceil(plan.M / 16), plan.batch],
    label: 'MatMulNaive',
  });
  return c;
}
