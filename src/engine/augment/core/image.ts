// The reference image layout: float32 RGB, HWC (row-major, channels interleaved), values in [0,255] until
// NormalizeImage; the GPU kernels use the same layout per sample so a reference and a kernel index alike.

export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** length = width·height·3, index (y·width + x)·3 + c. */
  readonly data: Float32Array;
}

export function makeImage(width: number, height: number, data?: Float32Array): RgbImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`RgbImage: size must be positive integers, got ${width}×${height}`);
  }
  const buf = data ?? new Float32Array(width * height * 3);
  if (buf.length !== width * height * 3) {
    throw new RangeError(
      `RgbImage: data has ${buf.length} values, ${width}×${height}×3 needs ${width * height * 3}`,
    );
  }
  return { width, height, data: buf };
}

export function cloneImage(img: RgbImage): RgbImage {
  return makeImage(img.width, img.height, img.data.slice());
}

/** Fill from a per-pixel function (tests and synthetic fixtures). */
export function imageFrom(
  width: number,
  height: number,
  f: (x: number, y: number, c: number) => number,
): RgbImage {
  const img = makeImage(width, height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++) img.data[(y * width + x) * 3 + c] = f(x, y, c);
  return img;
}

export function pixel(img: RgbImage, x: number, y: number, c: number): number {
  return img.data[(y * img.width + x) * 3 + c];
}

export const clamp255 = (v: number): number => (v < 0 ? 0 : Math.min(v, 255));

/**
 * Nearest integer level in [0,255]: how the integer-defined PIL ops (Posterize, Equalize, AutoContrast) read
 * floats. Halves round up (floor(v + 0.5)); a WGSL port must write floor(v + 0.5), not round() (half-to-even).
 */
export const toLevel = (v: number): number => {
  const r = Math.round(v);
  return r < 0 ? 0 : Math.min(r, 255);
};

/** Map each value through f (colour ops). */
export function mapValues(img: RgbImage, f: (v: number, c: number) => number): RgbImage {
  const out = makeImage(img.width, img.height);
  const n = img.data.length;
  for (let i = 0; i < n; i++) out.data[i] = f(img.data[i], i % 3);
  return out;
}

/**
 * PIL's ITU-R 601-2 luma (convert('L')) without its rounding: L = (299 R + 587 G + 114 B) / 1000, written with
 * integer weights so a grey pixel maps exactly to itself, as in PIL's fixed-point version.
 */
export function luma(r: number, g: number, b: number): number {
  return (299 * r + 587 * g + 114 * b) / 1000;
}

/** Crop [x0,x0+w)×[y0,y0+h); the box must lie inside the image. */
export function cropImage(img: RgbImage, x0: number, y0: number, w: number, h: number): RgbImage {
  if (x0 < 0 || y0 < 0 || w < 1 || h < 1 || x0 + w > img.width || y0 + h > img.height) {
    throw new RangeError(
      `crop: box x=${x0} y=${y0} w=${w} h=${h} is outside the ${img.width}×${img.height} image`,
    );
  }
  const out = makeImage(w, h);
  for (let y = 0; y < h; y++) {
    const src = ((y0 + y) * img.width + x0) * 3;
    out.data.set(img.data.subarray(src, src + w * 3), y * w * 3);
  }
  return out;
}

/** 3 values from a number or a length-3 list (fill colours, means). */
export function rgbTriple(v: number | readonly number[], what: string): [number, number, number] {
  if (typeof v === 'number') return [v, v, v];
  if (v.length !== 3) throw new RangeError(`${what}: expected 3 values, got ${v.length}`);
  return [v[0], v[1], v[2]];
}
