// AveragePool launchers (2-D NCHW, ONNX attributes incl. count_include_pad, ceil_mode, pads, dilations).
// Records dispatches only.
import type { GpuContext } from '../../gpu/context.ts';
import { prepareOut, requireDType } from '../../gpu/kernel-helpers.ts';
import { formatShape, type GpuTensor, sameShape } from '../../gpu/tensor.ts';
import { pool2dGeometry } from '../max-pool/pool2d-geometry.ts';
import { POOL_WG, poolParams } from '../max-pool/pool2d-params.ts';
import type { AvgPoolAttrs } from './avg-pool.ref.ts';
import { avgPoolBackwardWgsl, avgPoolForwardWgsl } from './avg-pool.wgsl.ts';

export function avgPoolForward(
  ctx: GpuContext,
  x: GpuTensor,
  attrs: AvgPoolAttrs,
  out?: GpuTensor,
): GpuTensor {
  requireDType('AveragePool', x, 'input X');
  const g = pool2dGeometry('AveragePool', x.shape, attrs);
  const y = prepareOut(ctx, 'AveragePool', [g.n, g.c, g.oh, g.ow], out, [x]);
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({ key: 'avg-pool/forward', code: avgPoolForwardWgsl }),
    bindings: [x, y, { uniform: poolParams(g, y.size, attrs.countIncludePad ?? false) }],
    workgroups: Math.ceil(y.size / POOL_WG),
    label: 'AveragePool',
  });
  return y;
}

/** dX[i] = Σ over the windows containing i of dY / divisor. */
export function avgPoolBackward(
  ctx: GpuContext,
  xShape: readonly number[],
  dy: GpuTensor,
  attrs: AvgPoolAttrs,
  out?: GpuTensor,
): GpuTensor {
  const op = 'AveragePool backward';
  requireDType(op, dy, 'dY');
  const g = pool2dGeometry(op, xShape, attrs);
  const shape = [g.n, g.c, g.oh, g.ow];
  if (!sameShape(dy.shape, shape)) {
    throw new Error(`${op}: dY shape ${formatShape(dy.shape)} ≠ output shape ${formatShape(shape)}`);
  }
  const dx = prepareOut(ctx, op, [...xShape], out, [dy]);
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({ key: 'avg-pool/backward', code: avgPoolBackwardWgsl }),
    bindings: [dy, dx, { uniform: poolParams(g, dx.size, attrs.countIncludePad ?? false) }],
    workgroups: Math.ceil(dx.size / POOL_WG),
    label: op,
  });
  return dx;
}
