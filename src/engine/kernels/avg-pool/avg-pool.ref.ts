// Float64 reference for ONNX AveragePool (2-D NCHW) with count_include_pad, and its backward.
import { checkTensor, fmtShape, type Tensor64 } from '../../nn/ref/tensor64.ts';
import { type Pool2dAttrs, type Pool2dGeometry, pool2dGeometry } from '../max-pool/pool2d-geometry.ts';

export interface AvgPoolAttrs extends Pool2dAttrs {
  /**
   * Count padded positions in the divisor (ONNX count_include_pad, default false). As in PyTorch/ORT, positions
   * past the end padding (possible with ceil_mode) are never counted.
   */
  countIncludePad?: boolean;
}

/** Number of taps of a dilated window starting at `start` that fall in [lo, hi). */
function taps(start: number, k: number, d: number, lo: number, hi: number): number {
  let n = 0;
  for (let i = 0; i < k; i++) {
    const p = start + i * d;
    if (p >= lo && p < hi) n++;
  }
  return n;
}

/** Divisor for every output position, in row-major [OH, OW] order. */
function divisors(g: Pool2dGeometry, includePad: boolean): Float64Array {
  const out = new Float64Array(g.oh * g.ow);
  for (let oy = 0; oy < g.oh; oy++) {
    const y0 = oy * g.sH - g.pads[0];
    const ry = includePad ? taps(y0, g.kh, g.dH, -g.pads[0], g.h + g.pads[2]) : taps(y0, g.kh, g.dH, 0, g.h);
    for (let ox = 0; ox < g.ow; ox++) {
      const x0 = ox * g.sW - g.pads[1];
      const rx = includePad
        ? taps(x0, g.kw, g.dW, -g.pads[1], g.w + g.pads[3])
        : taps(x0, g.kw, g.dW, 0, g.w);
      out[oy * g.ow + ox] = ry * rx;
    }
  }
  return out;
}

/** Calls visit(inputOffsetWithinPlane, outputOffsetWithinPlane) for every in-bounds tap of every window. */
function forEachTap(g: Pool2dGeometry, visit: (i: number, o: number) => void): void {
  for (let oy = 0; oy < g.oh; oy++) {
    for (let ox = 0; ox < g.ow; ox++) {
      for (let ky = 0; ky < g.kh; ky++) {
        const iy = oy * g.sH - g.pads[0] + ky * g.dH;
        if (iy < 0 || iy >= g.h) continue;
        for (let kx = 0; kx < g.kw; kx++) {
          const ix = ox * g.sW - g.pads[1] + kx * g.dW;
          if (ix < 0 || ix >= g.w) continue;
          visit(iy * g.w + ix, oy * g.ow + ox);
        }
      }
    }
  }
}

export function avgPoolForward(x: Tensor64, attrs: AvgPoolAttrs): Tensor64 {
  checkTensor('AveragePool', 'input X', x, 4);
  const g = pool2dGeometry('AveragePool', x.shape, attrs);
  const div = divisors(g, attrs.countIncludePad ?? false);
  const plane = g.oh * g.ow;
  const y = new Float64Array(g.n * g.c * plane);
  for (let nc = 0; nc < g.n * g.c; nc++) {
    const xb = nc * g.h * g.w;
    const yb = nc * plane;
    forEachTap(g, (i, o) => {
      y[yb + o] += x.data[xb + i];
    });
    for (let o = 0; o < plane; o++) y[yb + o] /= div[o];
  }
  return { data: y, shape: [g.n, g.c, g.oh, g.ow] };
}

/** dX[i] = Σ over windows containing i of dY/divisor. */
export function avgPoolBackward(xShape: readonly number[], dy: Tensor64, attrs: AvgPoolAttrs): Tensor64 {
  checkTensor('AveragePool backward', 'dY', dy, 4);
  const g = pool2dGeometry('AveragePool backward', xShape, attrs);
  const want = [g.n, g.c, g.oh, g.ow];
  if (dy.shape.some((d, i) => d !== want[i])) {
    throw new Error(`AveragePool backward: dY shape ${fmtShape(dy.shape)} ≠ output shape ${fmtShape(want)}`);
  }
  const div = divisors(g, attrs.countIncludePad ?? false);
  const plane = g.oh * g.ow;
  const dx = new Float64Array(g.n * g.c * g.h * g.w);
  for (let nc = 0; nc < g.n * g.c; nc++) {
    const xb = nc * g.h * g.w;
    const yb = nc * plane;
    forEachTap(g, (i, o) => {
      dx[xb + i] += dy.data[yb + o] / div[o];
    });
  }
  return { data: dx, shape: [...xShape] };
}
