// EXIF orientation (1–8) applied to decoded RGBA pixels, for decoders that ignore it (MozJPEG in Node); the
// browser's createImageBitmap({ imageOrientation: 'from-image' }) does the same.
import type { U8Image } from '../preprocess/image.ts';

/** Source pixel (sx, sy) of output pixel (x, y) for an input of w×h, per EXIF orientation. */
function sourceOf(o: number, x: number, y: number, w: number, h: number): [number, number] {
  switch (o) {
    case 2: // mirrored left-right
      return [w - 1 - x, y];
    case 3: // rotated 180°
      return [w - 1 - x, h - 1 - y];
    case 4: // mirrored top-bottom
      return [x, h - 1 - y];
    case 5: // transposed
      return [y, x];
    case 6: // stored rotated 90° counter-clockwise: turn it 90° clockwise
      return [y, h - 1 - x];
    case 7: // transverse
      return [w - 1 - y, h - 1 - x];
    case 8: // stored rotated 90° clockwise: turn it 90° counter-clockwise
      return [w - 1 - y, x];
    default:
      return [x, y];
  }
}

/** The image as a viewer shows it: orientation 1 (or unknown) returns the input unchanged. */
export function orientRgba(img: U8Image, orientation: number): U8Image {
  if (orientation < 2 || orientation > 8) return img;
  const { width: w, height: h, channels: c } = img;
  const swap = orientation >= 5;
  const ow = swap ? h : w;
  const oh = swap ? w : h;
  const out = new Uint8Array(ow * oh * c);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      const [sx, sy] = sourceOf(orientation, x, y, w, h);
      const s = (sy * w + sx) * c;
      const d = (y * ow + x) * c;
      for (let k = 0; k < c; k++) out[d + k] = img.data[s + k];
    }
  }
  return { width: ow, height: oh, channels: c, data: out };
}
