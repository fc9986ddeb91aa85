// CPU half of the GPU preprocessing: per image, the resized size, the centre-crop box, the exact filter taps of
// only the cropped columns/rows (from the reference's resampleWeights, so GPU and CPU use the same weights) and the
// uniform block. Plain TS so Node tests can check it without a GPU.
import { centerCropBox } from '../../preprocess/geometry.ts';
import type { PreprocessOptions } from '../../preprocess/pipeline.ref.ts';
import { outputSize } from '../../preprocess/pipeline.ref.ts';
import { resampleWeights } from '../../preprocess/resize.ref.ts';

export interface PreprocessPlan {
  inWidth: number;
  inHeight: number;
  /** Model input height/width (the crop, or the resized image without a crop). */
  outWidth: number;
  outHeight: number;
  /** Input rows [rowStart, rowStart + rows) are the only ones the vertical taps read. */
  rowStart: number;
  rows: number;
  maxTapsX: number;
  maxTapsY: number;
  /**
   * Per output column: [start, count, w0 … w(maxTapsX−1)], then per output row: [start, count, w0 …].
   * Integers are stored as f32 (exact below 2^24, far above any image side).
   */
  taps: Float32Array<ArrayBuffer>;
  /** Float offset of the first row record in `taps`. */
  rowBase: number;
}

/** Plans one image of inWidth×inHeight through resize → crop. */
export function planPreprocess(o: PreprocessOptions, inWidth: number, inHeight: number): PreprocessPlan {
  if (!Number.isInteger(inWidth) || !Number.isInteger(inHeight) || inWidth < 1 || inHeight < 1) {
    throw new Error(`preprocess: bad image size ${inWidth}×${inHeight}`);
  }
  const r = o.resize;
  const resized =
    r.mode === 'exact' ? { width: r.width, height: r.height } : outputSizeUncropped(o, inWidth, inHeight);
  const out = outputSize(o, inWidth, inHeight);
  const box = o.crop
    ? centerCropBox(resized.width, resized.height, o.crop.width, o.crop.height)
    : { left: 0, top: 0, width: resized.width, height: resized.height };
  const wx = resampleWeights(inWidth, resized.width, o.resample);
  const wy = resampleWeights(inHeight, resized.height, o.resample);
  const strideX = 2 + wx.maxTaps;
  const strideY = 2 + wy.maxTaps;
  const rowBase = out.width * strideX;
  const taps = new Float32Array(rowBase + out.height * strideY);
  for (let i = 0; i < out.width; i++) {
    const src = box.left + i;
    taps[i * strideX] = wx.start[src];
    taps[i * strideX + 1] = wx.count[src];
    for (let k = 0; k < wx.count[src]; k++) taps[i * strideX + 2 + k] = wx.weights[src * wx.maxTaps + k];
  }
  let rowStart = inHeight;
  let rowEnd = 0;
  for (let j = 0; j < out.height; j++) {
    const src = box.top + j;
    const at = rowBase + j * strideY;
    taps[at] = wy.start[src];
    taps[at + 1] = wy.count[src];
    for (let k = 0; k < wy.count[src]; k++) taps[at + 2 + k] = wy.weights[src * wy.maxTaps + k];
    rowStart = Math.min(rowStart, wy.start[src]);
    rowEnd = Math.max(rowEnd, wy.start[src] + wy.count[src]);
  }
  return {
    inWidth,
    inHeight,
    outWidth: out.width,
    outHeight: out.height,
    rowStart,
    rows: rowEnd - rowStart,
    maxTapsX: wx.maxTaps,
    maxTapsY: wy.maxTaps,
    taps,
    rowBase,
  };
}

function outputSizeUncropped(o: PreprocessOptions, w: number, h: number): { width: number; height: number } {
  return outputSize({ ...o, crop: null }, w, h);
}

/** Bytes of the uniform block (see PARAMS_WGSL in preprocess.wgsl.ts). */
export const PARAMS_BYTES = 80;

/**
 * Packs the uniform block of one image: sizes, tap layout, where in the batch output it goes (element offset),
 * layout/BGR flags, and the normalisation constants ((v·scale − mean)·invStd, as normalizeRef computes it).
 */
export function packParams(o: PreprocessOptions, p: PreprocessPlan, outOffset: number): ArrayBuffer {
  if (o.std.some((s) => !(s > 0)))
    throw new Error(`preprocess: std must be positive, got [${o.std.join(', ')}]`);
  const buf = new ArrayBuffer(PARAMS_BYTES);
  const u = new Uint32Array(buf);
  const f = new Float32Array(buf);
  u.set([p.inWidth, p.inHeight, p.outWidth, p.outHeight]);
  u.set([p.rowStart, p.rows, p.maxTapsX, p.maxTapsY], 4);
  u.set([p.rowBase, outOffset, o.layout === 'NHWC' ? 1 : 0, o.channelOrder === 'BGR' ? 1 : 0], 8);
  f.set([o.mean[0], o.mean[1], o.mean[2], o.scale], 12);
  f.set([1 / o.std[0], 1 / o.std[1], 1 / o.std[2], 0], 16);
  return buf;
}
