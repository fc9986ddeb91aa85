// Float64 reference for ONNX Gemm: Y = alpha·A'·B' + beta·C with optional transposes and C broadcast to [M,N].
import { checkTensor, fmtShape, type Tensor64 } from '../../nn/ref/tensor64.ts';
import { broadcastShape, broadcastStrides, reduceToShape } from '../broadcast-grad/broadcast-grad.ref.ts';

export interface GemmAttrs {
  alpha?: number;
  beta?: number;
  transA?: boolean;
  transB?: boolean;
}

interface GemmDims {
  m: number;
  k: number;
  n: number;
}

function gemmDims(a: Tensor64, b: Tensor64, c: Tensor64 | null, attrs: GemmAttrs, op = 'Gemm'): GemmDims {
  checkTensor(op, 'input A', a, 2);
  checkTensor(op, 'input B', b, 2);
  const [m, k] = attrs.transA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [kb, n] = attrs.transB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (k !== kb) {
    throw new Error(
      `${op}: inner dimensions differ: A${attrs.transA ? 'ᵀ' : ''} is ${m}×${k}, B${attrs.transB ? 'ᵀ' : ''} is ${kb}×${n}`,
    );
  }
  if (c) {
    checkTensor(op, 'input C', c);
    if (c.shape.length > 2) throw new Error(`${op}: C must have rank ≤ 2, got ${fmtShape(c.shape)}`);
    const out = broadcastShape(op, [m, n], c.shape);
    if (out[0] !== m || out[1] !== n) {
      throw new Error(`${op}: C shape ${fmtShape(c.shape)} does not broadcast to [${m},${n}]`);
    }
  }
  return { m, k, n };
}

/** Element (i, j) of A' (= A or Aᵀ) read from A's row-major data. */
function at(t: Tensor64, trans: boolean | undefined, i: number, j: number): number {
  return trans ? t.data[j * t.shape[1] + i] : t.data[i * t.shape[1] + j];
}

export function gemmForward(a: Tensor64, b: Tensor64, c: Tensor64 | null, attrs: GemmAttrs = {}): Tensor64 {
  const { m, k, n } = gemmDims(a, b, c, attrs);
  const alpha = attrs.alpha ?? 1;
  const beta = attrs.beta ?? 1;
  const y = new Float64Array(m * n);
  const cs = c ? broadcastStrides(c.shape, [m, n]) : [0, 0];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) acc += at(a, attrs.transA, i, p) * at(b, attrs.transB, p, j);
      y[i * n + j] = alpha * acc + (c ? beta * c.data[i * cs[0] + j * cs[1]] : 0);
    }
  }
  return { data: y, shape: [m, n] };
}

/** dA, dB (in the stored, untransposed layouts) and dC (reduced to C's shape; null without C). */
export function gemmBackward(
  a: Tensor64,
  b: Tensor64,
  c: Tensor64 | null,
  dy: Tensor64,
  attrs: GemmAttrs = {},
): { da: Tensor64; db: Tensor64; dc: Tensor64 | null } {
  const { m, k, n } = gemmDims(a, b, c, attrs, 'Gemm backward');
  checkTensor('Gemm backward', 'dY', dy, 2);
  if (dy.shape[0] !== m || dy.shape[1] !== n) {
    throw new Error(`Gemm backward: dY shape ${fmtShape(dy.shape)} ≠ output shape [${m},${n}]`);
  }
  const alpha = attrs.alpha ?? 1;
  const beta = attrs.beta ?? 1;
  const da = new Float64Array(a.data.length);
  const db = new Float64Array(b.data.length);
  // dA'[i,p] = α Σ_j dY[i,j]·B'[p,j]; dB'[p,j] = α Σ_i A'[i,p]·dY[i,j]; stored back through the transposes.
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      let acc = 0;
      for (let j = 0; j < n; j++) acc += dy.data[i * n + j] * at(b, attrs.transB, p, j);
      da[attrs.transA ? p * m + i : i * k + p] = alpha * acc;
    }
  }
  for (let p = 0; p < k; p++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let i = 0; i < m; i++) acc += at(a, attrs.transA, i, p) * dy.data[i * n + j];
      db[attrs.transB ? j * k + p : p * n + j] = alpha * acc;
    }
  }
  let dc: Tensor64 | null = null;
  if (c) {
    const red = reduceToShape('Gemm backward', dy.data, [m, n], c.shape);
    for (let i = 0; i < red.length; i++) red[i] *= beta;
    dc = { data: red, shape: [...c.shape] };
  }
  return { da: { data: da, shape: [...a.shape] }, db: { data: db, shape: [...b.shape] }, dc };
}
