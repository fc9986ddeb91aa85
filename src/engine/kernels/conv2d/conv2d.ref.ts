// Float64 reference for ONNX Conv (2-D, NCHW): forward and vector-Jacobian product. The spec the WGSL kernel meets.
import { checkTensor, fmtShape, type Tensor64 } from '../../nn/ref/tensor64.ts';

export interface Conv2dAttrs {
  /** [sH, sW]; default [1, 1]. */
  strides?: readonly number[];
  /** ONNX order [top, left, bottom, right]; default zeros. Ignored unless autoPad is NOTSET. */
  pads?: readonly number[];
  /** [dH, dW]; default [1, 1]. */
  dilations?: readonly number[];
  /** Channel groups; group = C = M is depthwise. Default 1. */
  group?: number;
  /** When given, must equal the weight's spatial shape (ONNX kernel_shape). */
  kernelShape?: readonly number[];
  autoPad?: 'NOTSET' | 'SAME_UPPER' | 'SAME_LOWER' | 'VALID';
}

/** Everything a conv loop needs, resolved and validated once. */
export interface Conv2dGeometry {
  n: number;
  c: number;
  h: number;
  w: number;
  m: number;
  kh: number;
  kw: number;
  group: number;
  sH: number;
  sW: number;
  dH: number;
  dW: number;
  /** [top, left, bottom, right] after auto_pad. */
  pads: [number, number, number, number];
  oh: number;
  ow: number;
}

function pair(
  op: string,
  name: string,
  v: readonly number[] | undefined,
  dflt: number,
  min: number,
): number[] {
  const r = v ?? [dflt, dflt];
  if (r.length !== 2 || r.some((x) => !Number.isInteger(x) || x < min)) {
    throw new Error(`${op}: ${name} must be 2 integers ≥ ${min}, got [${r.join(',')}]`);
  }
  return [...r];
}

/** Per-axis pads for ONNX auto_pad SAME_*: total = max(0, (ceil(in/s)−1)·s + effK − in). */
export function samePads(inSize: number, stride: number, effK: number, upper: boolean): [number, number] {
  const out = Math.ceil(inSize / stride);
  const total = Math.max(0, (out - 1) * stride + effK - inSize);
  const small = Math.floor(total / 2);
  return upper ? [small, total - small] : [total - small, small];
}

export function conv2dGeometry(
  xShape: readonly number[],
  wShape: readonly number[],
  attrs: Conv2dAttrs = {},
): Conv2dGeometry {
  const op = 'Conv';
  if (xShape.length !== 4) throw new Error(`${op}: input X must be 4-D NCHW, got ${fmtShape(xShape)}`);
  if (wShape.length !== 4)
    throw new Error(`${op}: weight W must be 4-D [M,C/group,kH,kW], got ${fmtShape(wShape)}`);
  const [n, c, h, w] = xShape;
  const [m, cPerG, kh, kw] = wShape;
  const group = attrs.group ?? 1;
  if (!Number.isInteger(group) || group < 1)
    throw new Error(`${op}: group must be a positive integer, got ${group}`);
  if (c !== cPerG * group) {
    throw new Error(`${op}: input channels ${c} ≠ weight in-channels×group ${cPerG * group}`);
  }
  if (m % group !== 0) throw new Error(`${op}: output channels ${m} not divisible by group ${group}`);
  if (attrs.kernelShape && (attrs.kernelShape[0] !== kh || attrs.kernelShape[1] !== kw)) {
    throw new Error(
      `${op}: kernel_shape [${attrs.kernelShape.join(',')}] ≠ weight spatial shape [${kh},${kw}]`,
    );
  }
  const [sH, sW] = pair(op, 'strides', attrs.strides, 1, 1);
  const [dH, dW] = pair(op, 'dilations', attrs.dilations, 1, 1);
  const effH = (kh - 1) * dH + 1;
  const effW = (kw - 1) * dW + 1;
  const autoPad = attrs.autoPad ?? 'NOTSET';
  let pads: [number, number, number, number];
  if (autoPad === 'NOTSET') {
    const p = attrs.pads ?? [0, 0, 0, 0];
    if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0)) {
      throw new Error(`${op}: pads must be 4 integers ≥ 0 [top,left,bottom,right], got [${p.join(',')}]`);
    }
    pads = [p[0], p[1], p[2], p[3]];
  } else if (autoPad === 'VALID') {
    pads = [0, 0, 0, 0];
  } else {
    const upper = autoPad === 'SAME_UPPER';
    const [t, b] = samePads(h, sH, effH, upper);
    const [l, r] = samePads(w, sW, effW, upper);
    pads = [t, l, b, r];
  }
  const oh = Math.floor((h + pads[0] + pads[2] - effH) / sH) + 1;
  const ow = Math.floor((w + pads[1] + pads[3] - effW) / sW) + 1;
  if (oh < 1 || ow < 1) {
    throw new Error(
      `${op}: output would be ${oh}×${ow} (input ${h}×${w}, pads [${pads.join(',')}], kernel ${kh}×${kw}, dilations [${dH},${dW}])`,
    );
  }
  return { n, c, h, w, m, kh, kw, group, sH, sW, dH, dW, pads, oh, ow };
}

/** Y[N,M,OH,OW] = Σ X·W (+ B) with ONNX Conv semantics. */
export function conv2dForward(
  x: Tensor64,
  w: Tensor64,
  b: Tensor64 | null,
  attrs: Conv2dAttrs = {},
): Tensor64 {
  checkTensor('Conv', 'input X', x, 4);
  checkTensor('Conv', 'weight W', w, 4);
  const g = conv2dGeometry(x.shape, w.shape, attrs);
  if (b) {
    checkTensor('Conv', 'bias B', b, 1);
    if (b.shape[0] !== g.m) throw new Error(`Conv: bias length ${b.shape[0]} ≠ output channels ${g.m}`);
  }
  const y = new Float64Array(g.n * g.m * g.oh * g.ow);
  const cPerG = g.c / g.group;
  const mPerG = g.m / g.group;
  for (let ni = 0; ni < g.n; ni++) {
    for (let mi = 0; mi < g.m; mi++) {
      const c0 = Math.floor(mi / mPerG) * cPerG;
      for (let oy = 0; oy < g.oh; oy++) {
        for (let ox = 0; ox < g.ow; ox++) {
          let acc = b ? b.data[mi] : 0;
          for (let ci = 0; ci < cPerG; ci++) {
            for (let ky = 0; ky < g.kh; ky++) {
              const iy = oy * g.sH - g.pads[0] + ky * g.dH;
              if (iy < 0 || iy >= g.h) continue;
              for (let kx = 0; kx < g.kw; kx++) {
                const ix = ox * g.sW - g.pads[1] + kx * g.dW;
                if (ix < 0 || ix >= g.w) continue;
                acc +=
                  x.data[((ni * g.c + c0 + ci) * g.h + iy) * g.w + ix] *
                  w.data[((mi * cPerG + ci) * g.kh + ky) * g.kw + kx];
              }
            }
          }
          y[((ni * g.m + mi) * g.oh + oy) * g.ow + ox] = acc;
        }
      }
    }
  }
  return { data: y, shape: [g.n, g.m, g.oh, g.ow] };
}

export interface Conv2dGrads {
  dx: Tensor64;
  dw: Tensor64;
  /** Σ dY over N, OH, OW; null when the conv has no bias. */
  db: Tensor64 | null;
}

/** Vector-Jacobian product of conv2dForward for upstream gradient dy. */
export function conv2dBackward(
  x: Tensor64,
  w: Tensor64,
  dy: Tensor64,
  hasBias: boolean,
  attrs: Conv2dAttrs = {},
): Conv2dGrads {
  checkTensor('Conv backward', 'input X', x, 4);
  checkTensor('Conv backward', 'weight W', w, 4);
  checkTensor('Conv backward', 'dY', dy, 4);
  const g = conv2dGeometry(x.shape, w.shape, attrs);
  const want = [g.n, g.m, g.oh, g.ow];
  if (dy.shape.some((d, i) => d !== want[i])) {
    throw new Error(`Conv backward: dY shape ${fmtShape(dy.shape)} ≠ output shape ${fmtShape(want)}`);
  }
  const dx = new Float64Array(x.data.length);
  const dw = new Float64Array(w.data.length);
  const db = hasBias ? new Float64Array(g.m) : null;
  const cPerG = g.c / g.group;
  const mPerG = g.m / g.group;
  for (let ni = 0; ni < g.n; ni++) {
    for (let mi = 0; mi < g.m; mi++) {
      const c0 = Math.floor(mi / mPerG) * cPerG;
      for (let oy = 0; oy < g.oh; oy++) {
        for (let ox = 0; ox < g.ow; ox++) {
          const gy = dy.data[((ni * g.m + mi) * g.oh + oy) * g.ow + ox];
          if (db) db[mi] += gy;
          for (let ci = 0; ci < cPerG; ci++) {
            for (let ky = 0; ky < g.kh; ky++) {
              const iy = oy * g.sH - g.pads[0] + ky * g.dH;
              if (iy < 0 || iy >= g.h) continue;
              for (let kx = 0; kx < g.kw; kx++) {
                const ix = ox * g.sW - g.pads[1] + kx * g.dW;
                if (ix < 0 || ix >= g.w) continue;
                const xi = ((ni * g.c + c0 + ci) * g.h + iy) * g.w + ix;
                const wi = ((mi * cPerG + ci) * g.kh + ky) * g.kw + kx;
                dx[xi] += gy * w.data[wi];
                dw[wi] += gy * x.data[xi];
              }
            }
          }
        }
      }
    }
  }
  return {
    dx: { data: dx, shape: [...x.shape] },
    dw: { data: dw, shape: [...w.shape] },
    db: db ? { data: db, shape: [g.m] } : null,
  };
}
