// Dropout launchers: training forward writes Y and the u32 keep-mask from (seed, index); backward scales dY by the
// mask. Eval (or ratio 0) is the identity with an all-ones mask, through the same kernels.
import type { GpuContext } from '../../gpu/context.ts';
import { prepareOut, requireDType } from '../../gpu/kernel-helpers.ts';
import { formatShape, type GpuTensor, sameShape } from '../../gpu/tensor.ts';
import { dropoutBackwardWgsl, dropoutForwardWgsl, WORKGROUP_SIZE } from './dropout.wgsl.ts';

export interface DropoutAttrs {
  /** Probability of dropping an element, in [0, 1). */
  ratio: number;
  training: boolean;
  /** u32 seed; the same seed gives the reference's mask bit for bit. */
  seed?: number;
}

const TWO_32 = 4294967296;

function params(op: string, n: number, a: DropoutAttrs): Uint32Array<ArrayBuffer> {
  if (!(a.ratio >= 0 && a.ratio < 1)) throw new Error(`${op}: ratio must be in [0, 1), got ${a.ratio}`);
  const seed = a.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed >= TWO_32) {
    throw new Error(`${op}: seed must be an integer in [0, 2^32), got ${seed}`);
  }
  const active = a.training && a.ratio > 0;
  // u/2³² < ratio ⇔ h < ⌈ratio·2³²⌉ for integer h; a threshold of 2³² (ratio within 2⁻³² of 1) drops everything.
  const threshold = active ? Math.ceil(a.ratio * TWO_32) : 0;
  const words = new Uint32Array(8);
  words[0] = n;
  words[1] = seed;
  words[2] = threshold >= TWO_32 ? 0 : threshold;
  words[3] = threshold >= TWO_32 ? 1 : 0;
  new Float32Array(words.buffer)[4] = active ? 1 / (1 - a.ratio) : 1;
  // In eval the backward ignores the mask, as the reference does (dX = dY).
  words[5] = active ? 1 : 0;
  return words;
}

export function dropoutForward(
  ctx: GpuContext,
  x: GpuTensor,
  attrs: DropoutAttrs,
  out: { y?: GpuTensor; mask?: GpuTensor } = {},
): { y: GpuTensor; mask: GpuTensor } {
  const uniform = params('Dropout', x.size, attrs);
  requireDType('Dropout', x, 'input X');
  const y = prepareOut(ctx, 'Dropout', x.shape, out.y, [x]);
  let mask = out.mask;
  if (mask) {
    requireDType('Dropout', mask, 'mask', 'u32');
    if (!sameShape(mask.shape, x.shape)) {
      throw new Error(`Dropout: mask has shape ${formatShape(mask.shape)}, expected ${formatShape(x.shape)}`);
    }
    if (mask.buffer === x.buffer || mask.buffer === y.buffer)
      throw new Error('Dropout: mask must not alias X or Y');
  } else {
    mask = ctx.empty(x.shape, 'u32', 'Dropout mask');
  }
  const pipeline = ctx.pipelines.ref({ key: 'dropout/forward', code: dropoutForwardWgsl });
  ctx.batcher.dispatch({
    pipeline,
    bindings: [{ uniform }, x, y, mask],
    workgroups: Math.ceil(x.size / WORKGROUP_SIZE),
    label: 'Dropout',
  });
  return { y, mask };
}

/** dX = dY·mask/(1 − ratio) when training; dY otherwise. */
export function dropoutBackward(
  ctx: GpuContext,
  dy: GpuTensor,
  mask: GpuTensor,
  attrs: Omit<DropoutAttrs, 'seed'>,
  out?: GpuTensor,
): GpuTensor {
  const op = 'Dropout backward';
  const uniform = params(op, dy.size, attrs);
  requireDType(op, dy, 'dY');
  requireDType(op, mask, 'mask', 'u32');
  if (!sameShape(mask.shape, dy.shape)) {
    throw new Error(`${op}: mask shape ${formatShape(mask.shape)} ≠ dY shape ${formatShape(dy.shape)}`);
  }
  const dx = prepareOut(ctx, op, dy.shape, out, [dy, mask]);
  const pipeline = ctx.pipelines.ref({ key: 'dropout/backward', code: dropoutBackwardWgsl });
  ctx.batcher.dispatch({
    pipeline,
    bindings: [{ uniform }, dy, mask, dx],
    workgroups: Math.ceil(dy.size / WORKGROUP_SIZE),
    label: op,
  });
  return dx;
}
