// Inverse-mapped affine warp with PIL's Image.transform(AFFINE) conventions (libImaging/Geometry.c): the
// matrix maps output pixel centres (x+0.5, y+0.5) to input coordinates; outside the image → fill colour.
import { clamp255, makeImage, type RgbImage } from './image.ts';

export type Resample = 'nearest' | 'bilinear' | 'bicubic';

/** (a, b, c, d, e, f): input = (a·xo + b·yo + c, d·xo + e·yo + f), PIL's data tuple. */
export type AffineMatrix = readonly [number, number, number, number, number, number];

// PIL's Geometry.c BICUBIC macro — v2 + d(−v1+v3) + d²(2v1−2v2+v3−v4) + d³(−v1+v2−v3+v4), i.e. cubic
// convolution with a = −1 (not the −0.5 its resize uses) — expanded into the four tap weights.
function cubicWeights(d: number, w: Float64Array): void {
  const d2 = d * d;
  const d3 = d2 * d;
  w[0] = -d + 2 * d2 - d3;
  w[1] = 1 - 2 * d2 + d3;
  w[2] = d + d2 - d3;
  w[3] = -d2 + d3;
}

const wx = new Float64Array(4);
const wy = new Float64Array(4);
const ix = new Int32Array(4);
const iy = new Int32Array(4);

/**
 * Sample all three channels at input coordinate (xin, yin) into `out`; false when PIL would use the fill colour
 * (nearest: the truncated coordinate is outside; bilinear/bicubic: the coordinate itself is outside [0, size)).
 * Taps beyond the edge are clamped to it, as PIL's XCLIP/YCLIP do.
 */
export function samplePixel(
  img: RgbImage,
  xin: number,
  yin: number,
  resample: Resample,
  out: Float64Array,
): boolean {
  const w = img.width;
  const h = img.height;
  const d = img.data;
  if (resample === 'nearest') {
    // COORD(v): v < 0 → −1, else trunc(v)
    const xi = xin < 0 ? -1 : Math.trunc(xin);
    const yi = yin < 0 ? -1 : Math.trunc(yin);
    if (xi < 0 || yi < 0 || xi >= w || yi >= h) return false;
    const o = (yi * w + xi) * 3;
    out[0] = d[o];
    out[1] = d[o + 1];
    out[2] = d[o + 2];
    return true;
  }
  if (xin < 0 || xin >= w || yin < 0 || yin >= h) return false;
  const xs = xin - 0.5;
  const ys = yin - 0.5;
  const x0 = Math.floor(xs);
  const y0 = Math.floor(ys);
  const dx = xs - x0;
  const dy = ys - y0;
  let n: number;
  let first: number;
  if (resample === 'bilinear') {
    n = 2;
    first = 0;
    wx[0] = 1 - dx;
    wx[1] = dx;
    wy[0] = 1 - dy;
    wy[1] = dy;
  } else {
    n = 4;
    first = -1;
    cubicWeights(dx, wx);
    cubicWeights(dy, wy);
  }
  for (let k = 0; k < n; k++) {
    const xk = x0 + first + k;
    const yk = y0 + first + k;
    ix[k] = xk < 0 ? 0 : xk >= w ? w - 1 : xk;
    iy[k] = yk < 0 ? 0 : yk >= h ? h - 1 : yk;
  }
  out[0] = 0;
  out[1] = 0;
  out[2] = 0;
  for (let j = 0; j < n; j++) {
    const rowBase = iy[j] * w;
    for (let k = 0; k < n; k++) {
      const wt = wx[k] * wy[j];
      const o = (rowBase + ix[k]) * 3;
      out[0] += wt * d[o];
      out[1] += wt * d[o + 1];
      out[2] += wt * d[o + 2];
    }
  }
  return true;
}

/** One channel at (xin, yin), or undefined for fill (tests and single-value callers). */
export function sampleAt(
  img: RgbImage,
  xin: number,
  yin: number,
  c: number,
  resample: Resample,
): number | undefined {
  const out = new Float64Array(3);
  return samplePixel(img, xin, yin, resample, out) ? out[c] : undefined;
}

/** Warp to an outW×outH image; results clip to [0,255] as PIL's uint8 store does (without its rounding). */
export function warpAffine(
  img: RgbImage,
  m: AffineMatrix,
  resample: Resample,
  fill: readonly [number, number, number],
  outW = img.width,
  outH = img.height,
): RgbImage {
  const out = makeImage(outW, outH);
  const [a, b, c, d, e, f] = m;
  const px = new Float64Array(3);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const xin = a * (x + 0.5) + b * (y + 0.5) + c;
      const yin = d * (x + 0.5) + e * (y + 0.5) + f;
      const o = (y * outW + x) * 3;
      if (samplePixel(img, xin, yin, resample, px)) {
        out.data[o] = clamp255(px[0]);
        out.data[o + 1] = clamp255(px[1]);
        out.data[o + 2] = clamp255(px[2]);
      } else {
        out.data[o] = fill[0];
        out.data[o + 1] = fill[1];
        out.data[o + 2] = fill[2];
      }
    }
  }
  return out;
}

/**
 * The matrix PIL's Image.rotate(angle) builds (counter-clockwise degrees about the centre (w/2, h/2), no expand),
 * including its rounding of cos/sin to 15 decimals.
 */
export function rotationMatrix(degrees: number, width: number, height: number): AffineMatrix {
  const angle = -(((degrees % 360) + 360) % 360) * (Math.PI / 180);
  const round15 = (v: number) => Math.round(v * 1e15) / 1e15;
  const a = round15(Math.cos(angle));
  const b = round15(Math.sin(angle));
  const d = round15(-Math.sin(angle));
  const e = round15(Math.cos(angle));
  const cx = width / 2;
  const cy = height / 2;
  const c = a * -cx + b * -cy + cx;
  const f = d * -cx + e * -cy + cy;
  return [a, b, c, d, e, f];
}
