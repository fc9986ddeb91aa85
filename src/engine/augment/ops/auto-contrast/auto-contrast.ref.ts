// AutoContrast as PIL ImageOps.autocontrast(cutoff=0): per channel, stretch [lo, hi] (lowest/highest used
// level) to [0,255] through the LUT int(v·scale + offset); a channel with hi ≤ lo stays unchanged.
import { makeImage, type RgbImage, toLevel } from '../../core/image.ts';

/** Per-channel [lo, hi] of the integer levels (the GPU computes this with a min/max reduction). */
export function channelRange(img: RgbImage): [number, number][] {
  const ranges: [number, number][] = [
    [255, 0],
    [255, 0],
    [255, 0],
  ];
  for (let i = 0; i < img.data.length; i++) {
    const r = ranges[i % 3];
    const v = toLevel(img.data[i]);
    if (v < r[0]) r[0] = v;
    if (v > r[1]) r[1] = v;
  }
  return ranges;
}

export function applyAutoContrast(img: RgbImage): RgbImage {
  const ranges = channelRange(img);
  const out = makeImage(img.width, img.height);
  for (let i = 0; i < img.data.length; i++) {
    const [lo, hi] = ranges[i % 3];
    const v = toLevel(img.data[i]);
    if (hi <= lo) {
      out.data[i] = v;
      continue;
    }
    const scale = 255 / (hi - lo);
    const mapped = Math.trunc(v * scale + -lo * scale);
    out.data[i] = mapped < 0 ? 0 : Math.min(mapped, 255);
  }
  return out;
}
