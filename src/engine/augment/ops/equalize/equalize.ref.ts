// Equalize as PIL ImageOps.equalize: per-channel 256-bin histogram, step = (total − count of the last used
// level) // 256, LUT[i] = (step//2 + cumulative count below i) // step; identity when step is 0.
import { makeImage, type RgbImage, toLevel } from '../../core/image.ts';

/** 3×256 histograms of the integer levels (the GPU builds these with atomics). */
export function channelHistograms(img: RgbImage): Uint32Array[] {
  const hist = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
  for (let i = 0; i < img.data.length; i++) hist[i % 3][toLevel(img.data[i])]++;
  return hist;
}

/** PIL's equalize LUT for one channel histogram. */
export function equalizeLut(h: Uint32Array): Uint8Array {
  const lut = new Uint8Array(256);
  let total = 0;
  let last = 0;
  for (let i = 0; i < 256; i++) {
    total += h[i];
    if (h[i]) last = h[i];
  }
  const step = Math.floor((total - last) / 256);
  if (step === 0) {
    for (let i = 0; i < 256; i++) lut[i] = i;
    return lut;
  }
  let n = Math.floor(step / 2);
  for (let i = 0; i < 256; i++) {
    lut[i] = Math.min(255, Math.floor(n / step));
    n += h[i];
  }
  return lut;
}

export function applyEqualize(img: RgbImage): RgbImage {
  const luts = channelHistograms(img).map(equalizeLut);
  const out = makeImage(img.width, img.height);
  for (let i = 0; i < img.data.length; i++) out.data[i] = luts[i % 3][toLevel(img.data[i])];
  return out;
}
