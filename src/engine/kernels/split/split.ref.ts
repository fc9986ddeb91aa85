// Float64 reference for ONNX Split (explicit sizes, or num_outputs with a smaller last chunk as in opset 18),
// and its backward (Concat of the output gradients; a missing one counts as zeros).
import { checkTensor, normAxis, sizeOf, type Tensor64 } from '../../nn/ref/tensor64.ts';
import { concatForward, splitAlong } from '../concat/concat.ref.ts';

/** The part sizes ONNX Split produces: `split` as given, else ceil(dim/numOutputs) with the remainder last. */
export function splitSizes(
  dim: number,
  split: readonly number[] | undefined,
  numOutputs: number | undefined,
): number[] {
  if (split) return [...split];
  if (numOutputs === undefined || !Number.isInteger(numOutputs) || numOutputs < 1) {
    throw new Error(`Split: needs split sizes or num_outputs ≥ 1, got num_outputs ${numOutputs}`);
  }
  const chunk = Math.ceil(dim / numOutputs);
  const sizes = new Array<number>(numOutputs).fill(chunk);
  sizes[numOutputs - 1] = dim - chunk * (numOutputs - 1);
  if (sizes[numOutputs - 1] < 0)
    throw new Error(`Split: cannot cut dimension ${dim} into ${numOutputs} outputs`);
  return sizes;
}

export function splitForward(
  x: Tensor64,
  axis = 0,
  split?: readonly number[],
  numOutputs?: number,
): Tensor64[] {
  checkTensor('Split', 'input', x);
  const ax = normAxis('Split', axis, x.shape.length);
  return splitAlong('Split', x, ax, splitSizes(x.shape[ax], split, numOutputs));
}

export function splitBackward(
  xShape: readonly number[],
  dys: readonly (Tensor64 | null)[],
  axis = 0,
  split?: readonly number[],
  numOutputs?: number,
): Tensor64 {
  const ax = normAxis('Split backward', axis, xShape.length);
  const sizes = splitSizes(xShape[ax], split, numOutputs);
  if (dys.length !== sizes.length)
    throw new Error(`Split backward: ${dys.length} gradients for ${sizes.length} outputs`);
  const parts = sizes.map((s, i) => {
    const shape = [...xShape];
    shape[ax] = s;
    return dys[i] ?? { data: new Float64Array(sizeOf(shape)), shape };
  });
  return concatForward(parts, ax);
}
