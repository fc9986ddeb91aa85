// Float64 reference for ONNX MaxPool (2-D NCHW): forward with argmax indices, backward routed to the argmax.
import { checkTensor, fmtShape, type Tensor64 } from '../../nn/ref/tensor64.ts';
import { type Pool2dAttrs, pool2dGeometry } from './pool2d-geometry.ts';

export interface MaxPoolForward {
  y: Tensor64;
  /** Flat NCHW index into X of each output's maximum (ONNX Indices, storage_order 0); the first one on ties. */
  indices: Int32Array;
}

export function maxPoolForward(x: Tensor64, attrs: Pool2dAttrs): MaxPoolForward {
  checkTensor('MaxPool', 'input X', x, 4);
  const g = pool2dGeometry('MaxPool', x.shape, attrs);
  const total = g.n * g.c * g.oh * g.ow;
  const y = new Float64Array(total);
  const indices = new Int32Array(total);
  for (let nc = 0; nc < g.n * g.c; nc++) {
    const base = nc * g.h * g.w;
    for (let oy = 0; oy < g.oh; oy++) {
      for (let ox = 0; ox < g.ow; ox++) {
        let best = Number.NEGATIVE_INFINITY;
        let arg = -1;
        for (let ky = 0; ky < g.kh; ky++) {
          const iy = oy * g.sH - g.pads[0] + ky * g.dH;
          if (iy < 0 || iy >= g.h) continue;
          for (let kx = 0; kx < g.kw; kx++) {
            const ix = ox * g.sW - g.pads[1] + kx * g.dW;
            if (ix < 0 || ix >= g.w) continue;
            const v = x.data[base + iy * g.w + ix];
            // NaN propagates like PyTorch; otherwise strictly greater keeps the first maximum.
            if (arg < 0 || v > best || Number.isNaN(v)) {
              best = v;
              arg = base + iy * g.w + ix;
              if (Number.isNaN(v)) break;
            }
          }
        }
        const o = (nc * g.oh + oy) * g.ow + ox;
        y[o] = best;
        indices[o] = arg;
      }
    }
  }
  return { y: { data: y, shape: [g.n, g.c, g.oh, g.ow] }, indices };
}

/** dX[indices[o]] += dY[o]. */
export function maxPoolBackward(xShape: readonly number[], indices: Int32Array, dy: Tensor64): Tensor64 {
  checkTensor('MaxPool backward', 'dY', dy, 4);
  if (indices.length !== dy.data.length) {
    throw new Error(`MaxPool backward: ${indices.length} indices for dY shape ${fmtShape(dy.shape)}`);
  }
  const dx = new Float64Array(xShape.reduce((a, b) => a * b, 1));
  for (let o = 0; o < indices.length; o++) {
    const i = indices[o];
    if (i < 0 || i >= dx.length)
      throw new Error(`MaxPool backward: index ${i} outside input ${fmtShape(xShape)}`);
    dx[i] += dy.data[o];
  }
  return { data: dx, shape: [...xShape] };
}
