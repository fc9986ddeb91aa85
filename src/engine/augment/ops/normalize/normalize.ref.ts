// NormalizeImage (PaddleClas): (v·scale − mean[c]) / std[c] in float32. The layout stays HWC here; `order`
// only decides where PaddleClas puts channels, and our pipeline always emits NCHW at the end (toNchw).
import { makeImage, type RgbImage } from '../../core/image.ts';

export interface NormalizeConfig {
  readonly scale: number;
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

export const IMAGENET_NORMALIZE: NormalizeConfig = {
  scale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
};

export function applyNormalize(img: RgbImage, cfg: NormalizeConfig): RgbImage {
  const out = makeImage(img.width, img.height);
  const n = img.data.length;
  // float32 like numpy's astype('float32') chain, so the GPU (f32) matches to the last bits that matter
  const scale = Math.fround(cfg.scale);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    out.data[i] = (Math.fround(img.data[i] * scale) - Math.fround(cfg.mean[c])) / Math.fround(cfg.std[c]);
  }
  return out;
}

/** HWC image(s) → one NCHW float32 batch tensor, the training input layout. */
export function toNchw(images: readonly RgbImage[]): Float32Array {
  if (images.length === 0) return new Float32Array(0);
  const { width: w, height: h } = images[0];
  const plane = w * h;
  const out = new Float32Array(images.length * 3 * plane);
  images.forEach((img, n) => {
    if (img.width !== w || img.height !== h) {
      throw new RangeError(`toNchw: image ${n} is ${img.width}×${img.height}, image 0 is ${w}×${h}`);
    }
    for (let p = 0; p < plane; p++)
      for (let c = 0; c < 3; c++) out[(n * 3 + c) * plane + p] = img.data[p * 3 + c];
  });
  return out;
}
