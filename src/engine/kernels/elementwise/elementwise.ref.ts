// Float64 plain-TS reference for the elementwise ops: the spec the WGSL kernels are tested against.
import { broadcastShapes, broadcastStrides, shapeSize } from '../../gpu/tensor.ts';

export const UNARY_OPS = [
  'relu',
  'neg',
  'exp',
  'log',
  'sqrt',
  'rsqrt',
  'abs',
  'sigmoid',
  'tanh',
  'silu',
  'gelu',
  'square',
  'reciprocal',
  'sign',
  'floor',
  'ceil',
  'sin',
  'cos',
] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];

export const BINARY_OPS = ['add', 'sub', 'mul', 'div', 'max', 'min', 'pow'] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

export function unaryScalar(op: UnaryOp, v: number): number {
  switch (op) {
    case 'relu':
      return Math.max(v, 0);
    case 'neg':
      return -v;
    case 'exp':
      return Math.exp(v);
    case 'log':
      return Math.log(v);
    case 'sqrt':
      return Math.sqrt(v);
    case 'rsqrt':
      return 1 / Math.sqrt(v);
    case 'abs':
      return Math.abs(v);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-v));
    case 'tanh':
      return Math.tanh(v);
    case 'silu':
      return v / (1 + Math.exp(-v));
    case 'gelu':
      // The tanh approximation (as in PyTorch's approximate='tanh').
      return 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)));
    case 'square':
      return v * v;
    case 'reciprocal':
      return 1 / v;
    case 'sign':
      return Math.sign(v);
    case 'floor':
      return Math.floor(v);
    case 'ceil':
      return Math.ceil(v);
    case 'sin':
      return Math.sin(v);
    case 'cos':
      return Math.cos(v);
  }
}

/** numpy semantics: a negative base needs an integer exponent, 0^0 = 1. */
export function binaryScalar(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case 'add':
      return a + b;
    case 'sub':
      return a - b;
    case 'mul':
      return a * b;
    case 'div':
      return a / b;
    case 'max':
      return Math.max(a, b);
    case 'min':
      return Math.min(a, b);
    case 'pow':
      return a ** b;
  }
}

export function unaryRef(op: UnaryOp, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = unaryScalar(op, x[i]);
  return y;
}

/** Broadcasting binary op; returns the values and the output shape. */
export function binaryRef(
  op: BinaryOp,
  a: ArrayLike<number>,
  aShape: number[],
  b: ArrayLike<number>,
  bShape: number[],
): { data: Float64Array; shape: number[] } {
  const name = op[0].toUpperCase() + op.slice(1);
  const shape = broadcastShapes(name, aShape, bShape);
  const sa = broadcastStrides(aShape, shape);
  const sb = broadcastStrides(bShape, shape);
  const n = shapeSize(shape);
  const data = new Float64Array(n);
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let ia = 0;
    let ib = 0;
    for (let d = 0; d < shape.length; d++) {
      ia += idx[d] * sa[d];
      ib += idx[d] * sb[d];
    }
    data[i] = binaryScalar(op, a[ia], b[ib]);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return { data, shape };
}
