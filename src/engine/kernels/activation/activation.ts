// Activation launchers (Relu, Clip, HardSigmoid, HardSwish, Sigmoid), forward and backward, recorded via the batcher.
import type { GpuContext } from '../../gpu/context.ts';
import { prepareOut, requireDType } from '../../gpu/kernel-helpers.ts';
import { formatShape, type GpuTensor, sameShape } from '../../gpu/tensor.ts';
import type { Activation } from './activation.ref.ts';
import {
  ACTIVATION_CODE,
  activationBackwardWgsl,
  activationForwardWgsl,
  WORKGROUP_SIZE,
} from './activation.wgsl.ts';

/** Largest finite f32: stands in for a missing Clip bound (WGSL may assume no infinities in uniforms). */
const F32_MAX = 3.4028234663852886e38;

/** The uniform {n, op, a, b} for one activation over n elements. */
function activationParams(a: Activation, n: number): Uint32Array<ArrayBuffer> {
  const code = ACTIVATION_CODE[a.op];
  if (code === undefined) throw new Error(`activation: unsupported op ${(a as { op: string }).op}`);
  let ka = 0;
  let kb = 0;
  if (a.op === 'Clip') {
    ka = a.min ?? -F32_MAX;
    kb = a.max ?? F32_MAX;
    if (Number.isNaN(ka) || Number.isNaN(kb) || ka > kb) throw new Error(`Clip: min ${ka} > max ${kb}`);
    ka = Math.max(ka, -F32_MAX);
    kb = Math.min(kb, F32_MAX);
  } else if (a.op === 'HardSigmoid') {
    ka = a.alpha ?? 0.2;
    kb = a.beta ?? 0.5;
  }
  const words = new Uint32Array(4);
  const floats = new Float32Array(words.buffer);
  words[0] = n;
  words[1] = code;
  floats[2] = ka;
  floats[3] = kb;
  return words;
}

/** y = f(x) elementwise. */
export function activationForward(ctx: GpuContext, a: Activation, x: GpuTensor, out?: GpuTensor): GpuTensor {
  const uniform = activationParams(a, x.size);
  requireDType(a.op, x, 'input X');
  const y = prepareOut(ctx, a.op, x.shape, out, [x]);
  const pipeline = ctx.pipelines.ref({ key: 'activation/forward', code: activationForwardWgsl });
  ctx.batcher.dispatch({
    pipeline,
    bindings: [{ uniform }, x, y],
    workgroups: Math.ceil(x.size / WORKGROUP_SIZE),
    label: a.op,
  });
  return y;
}

/** dX = dY·f'(X), from the forward input X. */
export function activationBackward(
  ctx: GpuContext,
  a: Activation,
  x: GpuTensor,
  dy: GpuTensor,
  out?: GpuTensor,
): GpuTensor {
  const op = `${a.op} backward`;
  const uniform = activationParams(a, x.size);
  requireDType(op, x, 'input X');
  requireDType(op, dy, 'dY');
  if (!sameShape(dy.shape, x.shape)) {
    throw new Error(`${op}: dY shape ${formatShape(dy.shape)} ≠ input X shape ${formatShape(x.shape)}`);
  }
  const dx = prepareOut(ctx, op, x.shape, out, [x, dy]);
  const pipeline = ctx.pipelines.ref({ key: 'activation/backward', code: activationBackwardWgsl });
  ctx.batcher.dispatch({
    pipeline,
    bindings: [{ uniform }, x, dy, dx],
    workgroups: Math.ceil(x.size / WORKGROUP_SIZE),
    label: op,
  });
  return dx;
}
