// MaxPool launchers (2-D NCHW, ONNX attributes incl. ceil_mode, pads, dilations): forward saves argmax indices
// (i32 flat NCHW offsets into X, like ONNX Indices) for the backward gather. Records dispatches only.
import type { GpuContext } from '../../gpu/context.ts';
import { prepareOut, requireDType } from '../../gpu/kernel-helpers.ts';
import { formatShape, type GpuTensor, sameShape } from '../../gpu/tensor.ts';
import { maxPoolBackwardWgsl, maxPoolForwardWgsl } from './max-pool.wgsl.ts';
import { type Pool2dAttrs, pool2dGeometry } from './pool2d-geometry.ts';
import { POOL_WG, poolParams } from './pool2d-params.ts';

export interface MaxPoolOutputs {
  y?: GpuTensor;
  /** i32 tensor shaped like Y to write, true to allocate (default), false to skip (inference). */
  indices?: GpuTensor | boolean;
}

export interface MaxPoolResult {
  y: GpuTensor;
  indices?: GpuTensor;
}

export function maxPoolForward(
  ctx: GpuContext,
  x: GpuTensor,
  attrs: Pool2dAttrs,
  outs: MaxPoolOutputs = {},
): MaxPoolResult {
  requireDType('MaxPool', x, 'input X');
  const g = pool2dGeometry('MaxPool', x.shape, attrs);
  const shape = [g.n, g.c, g.oh, g.ow];
  const y = prepareOut(ctx, 'MaxPool', shape, outs.y, [x]);
  let indices: GpuTensor | undefined;
  const want = outs.indices ?? true;
  if (want === true) indices = ctx.empty(shape, 'i32', 'MaxPool indices');
  else if (want !== false) {
    requireDType('MaxPool', want, 'indices', 'i32');
    if (!sameShape(want.shape, shape)) {
      throw new Error(
        `MaxPool: indices shape ${formatShape(want.shape)} ≠ output shape ${formatShape(shape)}`,
      );
    }
    if ([x, y].some((t) => t.buffer === want.buffer))
      throw new Error('MaxPool: indices must not alias X or Y');
    indices = want;
  }
  const uniform = { uniform: poolParams(g, y.size) };
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({
      key: `max-pool/forward/${indices ? 'indices' : 'no-indices'}`,
      code: () => maxPoolForwardWgsl(indices !== undefined),
    }),
    bindings: indices ? [x, y, uniform, indices] : [x, y, uniform],
    workgroups: Math.ceil(y.size / POOL_WG),
    label: 'MaxPool',
  });
  return { y, indices };
}

/** dX[indices[o]] += dY[o], as a gather over the windows that contain each input element. */
export function maxPoolBackward(
  ctx: GpuContext,
  xShape: readonly number[],
  indices: GpuTensor,
  dy: GpuTensor,
  attrs: Pool2dAttrs,
  out?: GpuTensor,
): GpuTensor {
  const op = 'MaxPool backward';
  requireDType(op, dy, 'dY');
  requireDType(op, indices, 'indices', 'i32');
  const g = pool2dGeometry(op, xShape, attrs);
  const shape = [g.n, g.c, g.oh, g.ow];
  if (!sameShape(dy.shape, shape)) {
    throw new Error(`${op}: dY shape ${formatShape(dy.shape)} ≠ output shape ${formatShape(shape)}`);
  }
  if (!sameShape(indices.shape, shape)) {
    throw new Error(
      `${op}: indices shape ${formatShape(indices.shape)} ≠ output shape ${formatShape(shape)}`,
    );
  }
  const dx = prepareOut(ctx, op, [...xShape], out, [dy, indices]);
  ctx.batcher.dispatch({
    pipeline: ctx.pipelines.ref({ key: 'max-pool/backward', code: maxPoolBackwardWgsl }),
    bindings: [dy, indices, dx, { uniform: poolParams(g, dx.size) }],
    workgroups: Math.ceil(dx.size / POOL_WG),
    label: op,
  });
  return dx;
}
