// Step attributes in the shapes the op launchers and references take (IR attrs are canonical ONNX, 0/1 flags):
// shared by the CPU and GPU executors so both read a step the same way.
import type { Activation } from '../../kernels/activation/activation.ref.ts';
import type { Conv2dAttrs } from '../../kernels/conv2d/conv2d.ref.ts';
import type { Pool2dAttrs } from '../../kernels/max-pool/pool2d-geometry.ts';
import type { SliceParams } from '../../kernels/slice/slice.ref.ts';
import type { Step } from '../plan/schedule-types.ts';

export const num = (s: Step, k: string, d: number): number =>
  typeof s.attrs[k] === 'number' ? (s.attrs[k] as number) : d;
export const ints = (s: Step, k: string): number[] | undefined => s.attrs[k] as number[] | undefined;

export function convAttrs(s: Step): Conv2dAttrs {
  return {
    strides: ints(s, 'strides'),
    pads: ints(s, 'pads'),
    dilations: ints(s, 'dilations'),
    group: num(s, 'group', 1),
  };
}

export function poolAttrs(s: Step): Pool2dAttrs & { countIncludePad: boolean } {
  const kernelShape = ints(s, 'kernelShape');
  if (!kernelShape) throw new Error(`${s.op} '${s.node}': missing kernelShape`);
  return {
    kernelShape,
    strides: ints(s, 'strides'),
    pads: ints(s, 'pads'),
    dilations: ints(s, 'dilations'),
    ceilMode: num(s, 'ceilMode', 0) === 1,
    countIncludePad: num(s, 'countIncludePad', 0) === 1,
  };
}

export function activation(s: Step): Activation {
  const op = s.op.replace(/Grad$/, '');
  switch (op) {
    case 'Relu':
    case 'Sigmoid':
    case 'HardSwish':
      return { op } as Activation;
    case 'Clip':
      return { op, min: num(s, 'min', -Infinity), max: num(s, 'max', Infinity) };
    case 'HardSigmoid':
      return { op, alpha: num(s, 'alpha', 0.2), beta: num(s, 'beta', 0.5) };
  }
  throw new Error(`${s.op} '${s.node}': not an activation`);
}

export function gemmAttrs(s: Step) {
  return {
    alpha: num(s, 'alpha', 1),
    beta: num(s, 'beta', 1),
    transA: num(s, 'transA', 0) === 1,
    transB: num(s, 'transB', 0) === 1,
  };
}

export function sliceParams(s: Step): SliceParams {
  return {
    starts: ints(s, 'starts') ?? [],
    ends: ints(s, 'ends') ?? [],
    axes: ints(s, 'axes'),
    steps: ints(s, 'steps'),
  };
}

/** Input i's shape, recorded on backward steps (many grads need only the shape of what they differentiate). */
export function inputShape(s: Step, i: number): number[] {
  const shape = (s.attrs.inputShapes as number[][] | undefined)?.[i];
  if (!shape) throw new Error(`${s.op} '${s.node}': no shape for input ${i}`);
  return shape;
}
