// Separable resize with PIL's Image.resize conventions (libImaging/Resample.c): pixel centres at +0.5, filter
// support widened by the downscale factor (antialiasing), weights renormalised at the borders. With
// antialias=false the support stays fixed, which for bilinear is OpenCV's INTER_LINEAR (PaddleClas's cv2 default).
import { clamp255, makeImage, type RgbImage } from './image.ts';

export type ResizeFilter = 'bilinear' | 'bicubic';

function filterFn(filter: ResizeFilter, cubicA: number): { support: number; f: (x: number) => number } {
  if (filter === 'bilinear') return { support: 1, f: (x) => Math.max(0, 1 - Math.abs(x)) };
  const a = cubicA;
  return {
    support: 2,
    f: (x) => {
      const t = Math.abs(x);
      if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
      if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
      return 0;
    },
  };
}

export interface ResampleCoeffs {
  /** first input index of each output's window */
  readonly start: Int32Array;
  /** window length per output */
  readonly count: Int32Array;
  /** weights, `taps` per output, normalised to sum 1 */
  readonly weights: Float64Array;
  readonly taps: number;
}

/** PIL's precompute_coeffs for one axis: inSize → outSize. */
export function resampleCoeffs(
  inSize: number,
  outSize: number,
  filter: ResizeFilter,
  antialias: boolean,
  cubicA = -0.5,
): ResampleCoeffs {
  const { support: baseSupport, f } = filterFn(filter, cubicA);
  const scale = inSize / outSize;
  const filterScale = antialias ? Math.max(scale, 1) : 1;
  const support = baseSupport * filterScale;
  const taps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * taps);
  for (let o = 0; o < outSize; o++) {
    const center = (o + 0.5) * scale;
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let sum = 0;
    for (let k = 0; k < xmax; k++) {
      const w = f((k + xmin - center + 0.5) / filterScale);
      weights[o * taps + k] = w;
      sum += w;
    }
    if (sum !== 0) for (let k = 0; k < xmax; k++) weights[o * taps + k] /= sum;
    start[o] = xmin;
    count[o] = xmax;
  }
  return { start, count, weights, taps };
}

/** Resize to outW×outH: horizontal pass then vertical (PIL's order), float throughout, each pass clipped to [0,255]. */
export function resizeImage(
  img: RgbImage,
  outW: number,
  outH: number,
  filter: ResizeFilter,
  antialias = true,
  cubicA = -0.5,
): RgbImage {
  if (!Number.isInteger(outW) || !Number.isInteger(outH) || outW < 1 || outH < 1) {
    throw new RangeError(`resize: output size must be positive integers, got ${outW}×${outH}`);
  }
  const cx = resampleCoeffs(img.width, outW, filter, antialias, cubicA);
  const cy = resampleCoeffs(img.height, outH, filter, antialias, cubicA);
  const mid = new Float64Array(outW * img.height * 3);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < outW; x++) {
      const s = cx.start[x];
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let k = 0; k < cx.count[x]; k++)
          acc += cx.weights[x * cx.taps + k] * img.data[(y * img.width + s + k) * 3 + c];
        // Pillow stores the horizontal pass as uint8, so bicubic overshoot is clipped before the vertical pass
        mid[(y * outW + x) * 3 + c] = clamp255(acc);
      }
    }
  }
  const out = makeImage(outW, outH);
  for (let y = 0; y < outH; y++) {
    const s = cy.start[y];
    for (let x = 0; x < outW; x++) {
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let k = 0; k < cy.count[y]; k++)
          acc += cy.weights[y * cy.taps + k] * mid[((s + k) * outW + x) * 3 + c];
        out.data[(y * outW + x) * 3 + c] = clamp255(acc);
      }
    }
  }
  return out;
}
