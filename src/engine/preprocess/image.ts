// Image containers of the CPU preprocessing reference: 8-bit RGB/RGBA input, float RGB (HWC) between steps.

/** Decoded pixels, row-major, interleaved; RGBA as from ImageData/canvas, or packed RGB. */
export interface U8Image {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

/** Float RGB, row-major HWC, values in 0..255 (not rounded between steps). */
export interface RgbF32 {
  width: number;
  height: number;
  data: Float32Array;
}

/** Throws `op: …` when sizes and buffer length disagree. */
export function checkU8Image(img: U8Image, op: string): void {
  const { width: w, height: h, channels: c } = img;
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1)
    throw new Error(`${op}: bad image size ${w}×${h}`);
  if (c !== 3 && c !== 4) throw new Error(`${op}: channels must be 3 (RGB) or 4 (RGBA), got ${c}`);
  if (img.data.length !== w * h * c) {
    throw new Error(`${op}: ${w}×${h}×${c} image needs ${w * h * c} bytes, buffer has ${img.data.length}`);
  }
}

export function checkRgbF32(img: RgbF32, op: string): void {
  const { width: w, height: h } = img;
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1)
    throw new Error(`${op}: bad image size ${w}×${h}`);
  if (img.data.length !== w * h * 3) {
    throw new Error(`${op}: ${w}×${h} RGB image needs ${w * h * 3} floats, buffer has ${img.data.length}`);
  }
}

/** Drops alpha (ignored, not premultiplied: decode with premultiplyAlpha 'none') and widens to float. */
export function toRgbF32(img: U8Image): RgbF32 {
  checkU8Image(img, 'toRgbF32');
  const n = img.width * img.height;
  const out = new Float32Array(n * 3);
  const c = img.channels;
  for (let i = 0; i < n; i++) {
    out[i * 3] = img.data[i * c];
    out[i * 3 + 1] = img.data[i * c + 1];
    out[i * 3 + 2] = img.data[i * c + 2];
  }
  return { width: img.width, height: img.height, data: out };
}
