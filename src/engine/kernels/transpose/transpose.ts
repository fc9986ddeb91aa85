// Launcher for transpose with any permutation (default: reverse the axes) on 32-bit tensors of rank ≤ 8.
import type { GpuContext } from '../../gpu/context.ts';
import { packU32, padRank, requireRank } from '../../gpu/kernel-helpers.ts';
import { formatShape, type GpuTensor, sameShape, shapeStrides } from '../../gpu/tensor.ts';
import { planTranspose } from './transpose.ref.ts';
import { transposeWgsl, WORKGROUP_SIZE } from './transpose.wgsl.ts';

export function transpose(ctx: GpuContext, x: GpuTensor, perm?: number[], out?: GpuTensor): GpuTensor {
  requireRank('Transpose', x.shape, 'input');
  const plan = planTranspose(x.shape, perm);
  // Pure data movement: any 32-bit dtype works, and the output keeps the input's.
  let y: GpuTensor;
  if (out) {
    if (!sameShape(out.shape, plan.outShape)) {
      throw new Error(
        `Transpose: out has shape ${formatShape(out.shape)}, expected ${formatShape(plan.outShape)}`,
      );
    }
    if (out.dtype !== x.dtype) throw new Error(`Transpose: out has dtype ${out.dtype}, input has ${x.dtype}`);
    if (out.buffer === x.buffer) throw new Error('Transpose: out must not alias an input');
    y = out;
  } else {
    y = ctx.empty(plan.outShape, x.dtype, 'Transpose out');
  }
  const inStrides = shapeStrides(x.shape);
  const pipeline = ctx.pipelines.ref({ key: 'transpose/generic', code: transposeWgsl });
  const uniform = packU32([
    x.size,
    plan.outShape.length,
    0,
    0,
    ...padRank(plan.outShape, 1),
    ...padRank(plan.perm.map((a) => inStrides[a])),
  ]);
  ctx.batcher.dispatch({
    pipeline,
    bindings: [x, y, { uniform }],
    workgroups: Math.ceil(x.size / WORKGROUP_SIZE),
    label: 'Transpose',
  });
  return y;
}
