// Output geometry shared by the MaxPool and AveragePool references (2-D NCHW, ONNX attributes).
import { fmtShape } from '../../nn/ref/tensor64.ts';
import { samePads } from '../conv2d/conv2d.ref.ts';

export interface Pool2dAttrs {
  kernelShape: readonly number[];
  /** Default [1, 1] (ONNX). */
  strides?: readonly number[];
  /** [top, left, bottom, right]; default zeros. */
  pads?: readonly number[];
  dilations?: readonly number[];
  /**
   * ceil instead of floor for the output size; as in PyTorch and ONNX Runtime, a last window that would start
   * inside the bottom/right padding is dropped.
   */
  ceilMode?: boolean;
  autoPad?: 'NOTSET' | 'SAME_UPPER' | 'SAME_LOWER' | 'VALID';
}

export interface Pool2dGeometry {
  n: number;
  c: number;
  h: number;
  w: number;
  kh: number;
  kw: number;
  sH: number;
  sW: number;
  dH: number;
  dW: number;
  pads: [number, number, number, number];
  oh: number;
  ow: number;
}

function ints(op: string, name: string, v: readonly number[], len: number, min: number): void {
  if (v.length !== len || v.some((x) => !Number.isInteger(x) || x < min)) {
    throw new Error(`${op}: ${name} must be ${len} integers ≥ ${min}, got [${v.join(',')}]`);
  }
}

function outSize(
  inSize: number,
  padBegin: number,
  padEnd: number,
  effK: number,
  s: number,
  ceil: boolean,
): number {
  const span = inSize + padBegin + padEnd - effK;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (out - 1) * s >= inSize + padBegin) out--;
  return out;
}

export function pool2dGeometry(op: string, xShape: readonly number[], attrs: Pool2dAttrs): Pool2dGeometry {
  if (xShape.length !== 4) throw new Error(`${op}: input X must be 4-D NCHW, got ${fmtShape(xShape)}`);
  const [n, c, h, w] = xShape;
  ints(op, 'kernel_shape', attrs.kernelShape, 2, 1);
  const [kh, kw] = attrs.kernelShape;
  const strides = attrs.strides ?? [1, 1];
  ints(op, 'strides', strides, 2, 1);
  const dilations = attrs.dilations ?? [1, 1];
  ints(op, 'dilations', dilations, 2, 1);
  const [sH, sW] = strides;
  const [dH, dW] = dilations;
  const effH = (kh - 1) * dH + 1;
  const effW = (kw - 1) * dW + 1;
  const autoPad = attrs.autoPad ?? 'NOTSET';
  let pads: [number, number, number, number];
  if (autoPad === 'NOTSET') {
    const p = attrs.pads ?? [0, 0, 0, 0];
    ints(op, 'pads', p, 4, 0);
    pads = [p[0], p[1], p[2], p[3]];
  } else if (autoPad === 'VALID') {
    pads = [0, 0, 0, 0];
  } else {
    const [t, b] = samePads(h, sH, effH, autoPad === 'SAME_UPPER');
    const [l, r] = samePads(w, sW, effW, autoPad === 'SAME_UPPER');
    pads = [t, l, b, r];
  }
  // A pad as wide as the (dilated) kernel would allow windows that see only padding.
  if (pads[0] >= effH || pads[2] >= effH || pads[1] >= effW || pads[3] >= effW) {
    throw new Error(
      `${op}: pads [${pads.join(',')}] must be smaller than the dilated kernel ${effH}×${effW}`,
    );
  }
  const oh = outSize(h, pads[0], pads[2], effH, sH, attrs.ceilMode ?? false);
  const ow = outSize(w, pads[1], pads[3], effW, sW, attrs.ceilMode ?? false);
  if (oh < 1 || ow < 1) {
    throw new Error(
      `${op}: output would be ${oh}×${ow} (input ${h}×${w}, kernel ${kh}×${kw}, pads [${pads.join(',')}])`,
    );
  }
  return { n, c, h, w, kh, kw, sH, sW, dH, dW, pads, oh, ow };
}
