// Float64 reference for ONNX GlobalAveragePool on [N,C,...spatial] → [N,C,1,...,1], and its backward.
import { checkTensor, fmtShape, type Tensor64 } from '../../nn/ref/tensor64.ts';

function planes(op: string, shape: readonly number[]): { nc: number; spatial: number } {
  if (shape.length < 3)
    throw new Error(`${op}: input X must be at least 3-D [N,C,spatial...], got ${fmtShape(shape)}`);
  let spatial = 1;
  for (let i = 2; i < shape.length; i++) spatial *= shape[i];
  if (spatial === 0) throw new Error(`${op}: input X has an empty spatial extent ${fmtShape(shape)}`);
  return { nc: shape[0] * shape[1], spatial };
}

export function globalAvgPoolForward(x: Tensor64): Tensor64 {
  checkTensor('GlobalAveragePool', 'input X', x);
  const { nc, spatial } = planes('GlobalAveragePool', x.shape);
  const y = new Float64Array(nc);
  for (let p = 0; p < nc; p++) {
    let s = 0;
    for (let j = 0; j < spatial; j++) s += x.data[p * spatial + j];
    y[p] = s / spatial;
  }
  return { data: y, shape: [x.shape[0], x.shape[1], ...x.shape.slice(2).map(() => 1)] };
}

/** dX = dY / (spatial size), broadcast over each plane. */
export function globalAvgPoolBackward(xShape: readonly number[], dy: Tensor64): Tensor64 {
  checkTensor('GlobalAveragePool backward', 'dY', dy);
  const { nc, spatial } = planes('GlobalAveragePool backward', xShape);
  if (dy.data.length !== nc) {
    throw new Error(
      `GlobalAveragePool backward: dY shape ${fmtShape(dy.shape)} ≠ [${xShape[0]},${xShape[1]},1,…]`,
    );
  }
  const dx = new Float64Array(nc * spatial);
  for (let p = 0; p < nc; p++) dx.fill(dy.data[p] / spatial, p * spatial, (p + 1) * spatial);
  return { data: dx, shape: [...xShape] };
}
