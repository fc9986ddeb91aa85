// Float64 reference for ONNX Softmax (opset ≥ 13: one axis, default −1), max-subtracted, and its backward.
import { checkSameShape, checkTensor, normAxis, type Tensor64 } from '../../nn/ref/tensor64.ts';

/** Splits a shape around `axis` into outer × axis × inner extents. */
export function aroundAxis(
  shape: readonly number[],
  axis: number,
): { outer: number; len: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return { outer, len: shape[axis], inner };
}

export function softmaxForward(x: Tensor64, axis = -1): Tensor64 {
  checkTensor('Softmax', 'input X', x);
  const ax = normAxis('Softmax', axis, x.shape.length);
  const { outer, len, inner } = aroundAxis(x.shape, ax);
  const y = new Float64Array(x.data.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      let m = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < len; k++) m = Math.max(m, x.data[base + k * inner]);
      let s = 0;
      for (let k = 0; k < len; k++) {
        const e = Math.exp(x.data[base + k * inner] - m);
        y[base + k * inner] = e;
        s += e;
      }
      for (let k = 0; k < len; k++) y[base + k * inner] /= s;
    }
  }
  return { data: y, shape: [...x.shape] };
}

/** dX = Y ⊙ (dY − Σ_axis dY·Y), from the forward output Y. */
export function softmaxBackward(y: Tensor64, dy: Tensor64, axis = -1): Tensor64 {
  checkTensor('Softmax backward', 'Y', y);
  checkTensor('Softmax backward', 'dY', dy);
  checkSameShape('Softmax backward', 'dY', dy, 'Y', y);
  const ax = normAxis('Softmax backward', axis, y.shape.length);
  const { outer, len, inner } = aroundAxis(y.shape, ax);
  const dx = new Float64Array(y.data.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      let dot = 0;
      for (let k = 0; k < len; k++) dot += dy.data[base + k * inner] * y.data[base + k * inner];
      for (let k = 0; k < len; k++) {
        const j = base + k * inner;
        dx[j] = y.data[j] * (dy.data[j] - dot);
      }
    }
  }
  return { data: dx, shape: [...y.shape] };
}
