// Reference normalization: float RGB 0..255 → model input, (v·scale − mean)/std per channel, NCHW or NHWC, RGB or BGR.
import { checkRgbF32, type RgbF32 } from './image.ts';

export interface NormalizeOptions {
  /** Applied to the 0..255 value first: 1/255 for [0,1] models, 1 for 0..255 models. */
  scale: number;
  /** Per channel in the model's channel order (i.e. after a BGR swap). */
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
  channelOrder: 'RGB' | 'BGR';
  layout: 'NCHW' | 'NHWC';
}

/** Writes one image into `out` at element `offset` (so a batch can share one buffer); returns `out`. */
export function normalizeRef(img: RgbF32, o: NormalizeOptions, out?: Float32Array, offset = 0): Float32Array {
  checkRgbF32(img, 'normalizeRef');
  if (o.std.some((s) => !(s > 0)))
    throw new Error(`normalizeRef: std must be positive, got [${o.std.join(', ')}]`);
  const n = img.width * img.height;
  const dst = out ?? new Float32Array(n * 3);
  if (offset + n * 3 > dst.length) {
    throw new Error(`normalizeRef: output holds ${dst.length} floats, needs ${offset + n * 3}`);
  }
  for (let c = 0; c < 3; c++) {
    const src = o.channelOrder === 'BGR' ? 2 - c : c;
    const m = o.mean[c];
    const inv = 1 / o.std[c];
    for (let i = 0; i < n; i++) {
      const v = (img.data[i * 3 + src] * o.scale - m) * inv;
      dst[offset + (o.layout === 'NCHW' ? c * n + i : i * 3 + c)] = v;
    }
  }
  return dst;
}
