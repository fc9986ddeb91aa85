// Float64 reference for ONNX Add/Sub/Mul/Div with numpy broadcasting, and their backward: the gradient of a
// broadcast input is the upstream gradient summed over the axes it was broadcast along.
import { checkTensor, fmtShape, sizeOf, stridesOf, type Tensor64 } from '../../nn/ref/tensor64.ts';

export type BinaryOp = 'Add' | 'Sub' | 'Mul' | 'Div';

/** Numpy broadcast of two shapes (right-aligned; each pair equal or one of them 1). */
export function broadcastShape(op: string, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} are not broadcastable`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that read a tensor of `shape` as if broadcast to `outShape` (0 along broadcast axes). */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const s = stridesOf(shape);
  const off = outShape.length - shape.length;
  return outShape.map((_, i) => (i < off || shape[i - off] === 1 ? 0 : s[i - off]));
}

/** Calls visit(outIndex, aIndex, bIndex) for every element of the broadcast output, in row-major order. */
function forEachBroadcast(
  outShape: readonly number[],
  aShape: readonly number[],
  bShape: readonly number[],
  visit: (o: number, ia: number, ib: number) => void,
): void {
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const rank = outShape.length;
  const idx = new Array<number>(rank).fill(0);
  const n = sizeOf(outShape);
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < n; o++) {
    visit(o, ia, ib);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      ia += sa[d];
      ib += sb[d];
      if (idx[d] < outShape[d]) break;
      ia -= sa[d] * outShape[d];
      ib -= sb[d] * outShape[d];
      idx[d] = 0;
    }
  }
}

/**
 * Sums `grad` (of shape `gradShape`) down to `target`, which must broadcast to gradShape: the backward of
 * broadcasting. Used by every op with a broadcast input (binary ops, Gemm's C, BatchNorm-style channel params).
 */
export function reduceToShape(
  op: string,
  grad: Float64Array,
  gradShape: readonly number[],
  target: readonly number[],
): Float64Array {
  const full = broadcastShape(op, gradShape, target);
  if (full.length !== gradShape.length || full.some((d, i) => d !== gradShape[i])) {
    throw new Error(
      `${op}: shape ${fmtShape(target)} does not broadcast to gradient shape ${fmtShape(gradShape)}`,
    );
  }
  const out = new Float64Array(sizeOf(target));
  forEachBroadcast(gradShape, target, gradShape, (o, it) => {
    out[it] += grad[o];
  });
  return out;
}

export function binaryForward(op: BinaryOp, a: Tensor64, b: Tensor64): Tensor64 {
  checkTensor(op, 'input A', a);
  checkTensor(op, 'input B', b);
  const shape = broadcastShape(op, a.shape, b.shape);
  const y = new Float64Array(sizeOf(shape));
  const A = a.data;
  const B = b.data;
  const f: Record<BinaryOp, (o: number, i: number, j: number) => void> = {
    Add: (o, i, j) => {
      y[o] = A[i] + B[j];
    },
    Sub: (o, i, j) => {
      y[o] = A[i] - B[j];
    },
    Mul: (o, i, j) => {
      y[o] = A[i] * B[j];
    },
    Div: (o, i, j) => {
      y[o] = A[i] / B[j];
    },
  };
  forEachBroadcast(shape, a.shape, b.shape, f[op]);
  return { data: y, shape };
}

/** (∂y/∂a, ∂y/∂b) at one element. */
const PARTIALS: Record<BinaryOp, (a: number, b: number) => readonly [number, number]> = {
  Add: (_a, _b) => [1, 1],
  Sub: (_a, _b) => [1, -1],
  Mul: (a, b) => [b, a],
  Div: (a, b) => [1 / b, -a / (b * b)],
};

/** dA and dB for upstream dY (shape of the broadcast output), each reduced to its input's shape. */
export function binaryBackward(
  op: BinaryOp,
  a: Tensor64,
  b: Tensor64,
  dy: Tensor64,
): { da: Tensor64; db: Tensor64 } {
  checkTensor(`${op} backward`, 'input A', a);
  checkTensor(`${op} backward`, 'input B', b);
  checkTensor(`${op} backward`, 'dY', dy);
  const shape = broadcastShape(op, a.shape, b.shape);
  if (shape.length !== dy.shape.length || shape.some((d, i) => d !== dy.shape[i])) {
    throw new Error(`${op} backward: dY shape ${fmtShape(dy.shape)} ≠ output shape ${fmtShape(shape)}`);
  }
  const ga = new Float64Array(dy.data.length);
  const gb = new Float64Array(dy.data.length);
  const partials = PARTIALS[op];
  forEachBroadcast(shape, a.shape, b.shape, (o, i, j) => {
    const [pa, pb] = partials(a.data[i], b.data[j]);
    ga[o] = dy.data[o] * pa;
    gb[o] = dy.data[o] * pb;
  });
  return {
    da: { data: reduceToShape(op, ga, shape, a.shape), shape: [...a.shape] },
    db: { data: reduceToShape(op, gb, shape, b.shape), shape: [...b.shape] },
  };
}
