// Float64 reference for sum / mean / max over one axis of any rank, with keepdims; also the shape rules.
import { formatShape } from '../../gpu/tensor.ts';

export type ReduceOp = 'sum' | 'mean' | 'max';

export const REDUCE_NAMES: Record<ReduceOp, string> = {
  sum: 'ReduceSum',
  mean: 'ReduceMean',
  max: 'ReduceMax',
};

export interface ReducePlan {
  /** Normalised (non-negative) axis. */
  axis: number;
  outer: number;
  length: number;
  inner: number;
  outShape: number[];
}

/** Validates the axis and splits the input into [outer, length, inner] around it. */
export function planReduce(
  op: ReduceOp,
  shape: readonly number[],
  axis: number,
  keepdims: boolean,
): ReducePlan {
  const name = REDUCE_NAMES[op];
  const rank = shape.length;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new Error(
      `${name}: axis ${axis} is out of range for input shape ${formatShape(shape)} (rank ${rank})`,
    );
  }
  const a = axis < 0 ? axis + rank : axis;
  const length = shape[a];
  if (length === 0 && op !== 'sum') {
    throw new Error(`${name}: cannot reduce axis ${a} of length 0 (input shape ${formatShape(shape)})`);
  }
  const outer = shape.slice(0, a).reduce((p, d) => p * d, 1);
  const inner = shape.slice(a + 1).reduce((p, d) => p * d, 1);
  const outShape = keepdims ? shape.map((d, i) => (i === a ? 1 : d)) : shape.filter((_, i) => i !== a);
  return { axis: a, outer, length, inner, outShape };
}

export function reduceRef(
  op: ReduceOp,
  x: ArrayLike<number>,
  shape: number[],
  axis: number,
  keepdims = false,
): { data: Float64Array; shape: number[] } {
  const { outer, length, inner, outShape } = planReduce(op, shape, axis, keepdims);
  const data = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc = op === 'max' ? Number.NEGATIVE_INFINITY : 0;
      for (let j = 0; j < length; j++) {
        const v = x[(o * length + j) * inner + i];
        acc = op === 'max' ? Math.max(acc, v) : acc + v;
      }
      data[o * inner + i] = op === 'mean' ? acc / length : acc;
    }
  }
  return { data, shape: outShape };
}
