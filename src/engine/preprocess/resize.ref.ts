// Reference resize (plain TS, float64 maths): PIL's separable convolution resampling, antialiased when downscaling.
// The WGSL resize is tested against this at 1e-3; resampleWeights() gives the exact taps a kernel can upload.
//
// Convention (= Pillow's ImagingResample, which torchvision's PIL path, timm and HF image processors use):
// - pixel centres: output pixel i samples input coordinate c = (i + 0.5)·s, s = inSize / outSize;
// - support: the filter's support (bilinear 1, bicubic 2) is scaled by max(s, 1), and the filter's argument
//   divided by it, so downscaling averages every input pixel it covers (antialiasing); upscaling interpolates;
// - taps x ∈ [max(⌊c − support + 0.5⌋, 0), min(⌊c + support + 0.5⌋, inSize)), weight f((x − c + 0.5)/max(s, 1)),
//   normalized to sum 1; taps outside the image are dropped and the rest renormalized (for bilinear this equals
//   edge clamping);
// - bicubic is Keys' cubic with a = −0.5 (Pillow; PyTorch's tensor interpolate uses −0.75, which we do not);
// - horizontal pass first, then vertical, each clamped to [0, 255] as Pillow's 8-bit passes are, but without
//   Pillow's rounding to integers (so results differ from Pillow by < 1 level before final rounding).
import { checkRgbF32, type RgbF32 } from './image.ts';

export type ResampleFilter = 'bilinear' | 'bicubic';

const SUPPORT: Record<ResampleFilter, number> = { bilinear: 1, bicubic: 2 };
export const BICUBIC_A = -0.5;

export function filterWeight(filter: ResampleFilter, x: number): number {
  const ax = Math.abs(x);
  if (filter === 'bilinear') return ax < 1 ? 1 - ax : 0;
  const a = BICUBIC_A;
  if (ax < 1) return ((a + 2) * ax - (a + 3)) * ax * ax + 1;
  if (ax < 2) return (((ax - 5) * ax + 8) * ax - 4) * a;
  return 0;
}

/** Taps of a 1-D resize: output i reads input start[i] … start[i]+count[i]−1 with weights[i·maxTaps + k]. */
export interface ResampleWeights {
  inSize: number;
  outSize: number;
  maxTaps: number;
  start: Int32Array;
  count: Int32Array;
  weights: Float64Array;
}

export function resampleWeights(inSize: number, outSize: number, filter: ResampleFilter): ResampleWeights {
  if (!Number.isInteger(inSize) || !Number.isInteger(outSize) || inSize < 1 || outSize < 1) {
    throw new Error(`resampleWeights: sizes must be positive integers, got ${inSize} → ${outSize}`);
  }
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = SUPPORT[filter] * filterScale;
  const maxTaps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * maxTaps);
  for (let i = 0; i < outSize; i++) {
    const center = (i + 0.5) * scale;
    const lo = Math.max(Math.trunc(center - support + 0.5), 0);
    const hi = Math.min(Math.trunc(center + support + 0.5), inSize);
    let sum = 0;
    for (let x = lo; x < hi; x++) {
      const w = filterWeight(filter, (x - center + 0.5) / filterScale);
      weights[i * maxTaps + (x - lo)] = w;
      sum += w;
    }
    if (sum !== 0) for (let k = 0; k < hi - lo; k++) weights[i * maxTaps + k] /= sum;
    start[i] = lo;
    count[i] = hi - lo;
  }
  return { inSize, outSize, maxTaps, start, count, weights };
}

const clamp255 = (v: number) => Math.min(Math.max(v, 0), 255);

/** Resizes float RGB to outWidth×outHeight (see the convention above). Same size in = exact copy out. */
export function resizeRef(img: RgbF32, outWidth: number, outHeight: number, filter: ResampleFilter): RgbF32 {
  checkRgbF32(img, 'resizeRef');
  const { width: w, height: h, data } = img;
  const wx = resampleWeights(w, outWidth, filter);
  const wy = resampleWeights(h, outHeight, filter);
  // Horizontal pass: h rows × outWidth.
  const tmp = new Float64Array(h * outWidth * 3);
  for (let y = 0; y < h; y++) {
    for (let i = 0; i < outWidth; i++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < wx.count[i]; k++) {
        const wt = wx.weights[i * wx.maxTaps + k];
        const p = (y * w + wx.start[i] + k) * 3;
        r += wt * data[p];
        g += wt * data[p + 1];
        b += wt * data[p + 2];
      }
      const o = (y * outWidth + i) * 3;
      tmp[o] = clamp255(r);
      tmp[o + 1] = clamp255(g);
      tmp[o + 2] = clamp255(b);
    }
  }
  // Vertical pass.
  const out = new Float32Array(outHeight * outWidth * 3);
  for (let j = 0; j < outHeight; j++) {
    for (let x = 0; x < outWidth; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < wy.count[j]; k++) {
        const wt = wy.weights[j * wy.maxTaps + k];
        const p = ((wy.start[j] + k) * outWidth + x) * 3;
        r += wt * tmp[p];
        g += wt * tmp[p + 1];
        b += wt * tmp[p + 2];
      }
      const o = (j * outWidth + x) * 3;
      out[o] = clamp255(r);
      out[o + 1] = clamp255(g);
      out[o + 2] = clamp255(b);
    }
  }
  return { width: outWidth, height: outHeight, data: out };
}
